import type { Env } from '../config.js';
import type { Classifier, Logger } from '../ports.js';
import { createReplyDrafter, createTemplateDrafter, type ReplyDrafter } from './draft-reply.js';
import { createOpenAiClassifier } from './openai-classifier.js';
import { createRulesClassifier } from './rules-classifier.js';

export type { ReplyDrafter, DraftInput, DraftResult } from './draft-reply.js';
export { createRulesClassifier } from './rules-classifier.js';

type AiEnv = Pick<Env, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'AI_TIMEOUT_MS'>;

/**
 * The classifier for triage: OpenAI (with the rules as fallback and floor) when OPENAI_API_KEY
 * is set, else the rules alone. Moderation is asked only of OpenAI itself (no OPENAI_BASE_URL):
 * compatible servers rarely have it.
 */
export function createClassifier(env: AiEnv, log: Logger): Classifier {
  const rules = createRulesClassifier();
  if (!env.OPENAI_API_KEY) return rules;
  log.info({ model: env.OPENAI_MODEL, timeoutMs: env.AI_TIMEOUT_MS, custom: Boolean(env.OPENAI_BASE_URL) }, 'AI triage on');
  return createOpenAiClassifier({
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    model: env.OPENAI_MODEL,
    timeoutMs: env.AI_TIMEOUT_MS,
    fallback: rules,
    moderation: !env.OPENAI_BASE_URL,
    log,
  });
}

/** The reply drafter: OpenAI when OPENAI_API_KEY is set, else the approved template as it is. */
export function createDrafter(env: AiEnv, log: Logger): ReplyDrafter {
  if (!env.OPENAI_API_KEY) return createTemplateDrafter();
  return createReplyDrafter({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, timeoutMs: env.AI_TIMEOUT_MS, log });
}
