import type { Env } from '../config.js';
import type { Classifier, Logger } from '../ports.js';
import type { DraftInput, ReplyDrafter } from './draft-reply.js';
import { createRulesClassifier } from './rules-classifier.js';

export type { ReplyDrafter } from './draft-reply.js';
export { createRulesClassifier } from './rules-classifier.js';

type AiEnv = Pick<Env, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'AI_TIMEOUT_MS'>;

/** Loads a module the first time it is needed: the OpenAI client costs memory a bot without a key never uses. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}

/**
 * The classifier for triage: OpenAI (with the rules as fallback and floor) when OPENAI_API_KEY
 * is set, else the rules alone. Moderation is asked only of OpenAI itself (no OPENAI_BASE_URL):
 * compatible servers rarely have it.
 */
export function createClassifier(env: AiEnv, log: Logger): Classifier {
  const rules = createRulesClassifier();
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) return rules;
  log.info({ model: env.OPENAI_MODEL, timeoutMs: env.AI_TIMEOUT_MS, custom: Boolean(env.OPENAI_BASE_URL) }, 'AI triage on');
  const ai = lazy(async () =>
    (await import('./openai-classifier.js')).createOpenAiClassifier({
      apiKey,
      baseURL: env.OPENAI_BASE_URL,
      model: env.OPENAI_MODEL,
      timeoutMs: env.AI_TIMEOUT_MS,
      fallback: rules,
      moderation: !env.OPENAI_BASE_URL,
      log,
    }),
  );
  return { classify: async (text, ctx) => (await ai()).classify(text, ctx) };
}

/** The reply drafter: OpenAI when OPENAI_API_KEY is set, else the approved template as it is. */
export function createDrafter(env: AiEnv, log: Logger): ReplyDrafter {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) return { draft: async (input: DraftInput) => ({ text: input.template, source: 'template' }) };
  const ai = lazy(async () =>
    (await import('./draft-reply.js')).createReplyDrafter({
      apiKey,
      baseURL: env.OPENAI_BASE_URL,
      model: env.OPENAI_MODEL,
      timeoutMs: env.AI_TIMEOUT_MS,
      log,
    }),
  );
  return { draft: async (input) => (await ai()).draft(input) };
}
