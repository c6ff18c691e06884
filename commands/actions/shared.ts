import { z } from 'zod';
import { isActive } from '../../src/domain/case-lifecycle.js';
import type { CaseRow } from '../../src/db/rows.js';
import { ephemeral, notice, type Reply } from '../../src/ui/view.js';
import { readCase } from '../../workflows/cases/index.js';
import { type InteractionContext } from '../define.js';
import { UserError } from '../../src/errors.js';
import { type ActorRef } from '../../src/domain/actor.js';

export const actorRef = (ctx: InteractionContext): ActorRef => ({
  name: ctx.actor.name,
  userId: ctx.actor.userId,
  platform: ctx.actor.platform,
});

export function caseIdArg(arg: string): number {
  const id = Number(arg);
  if (!Number.isInteger(id) || id <= 0) throw new UserError('action.no_case', 'This button does not name a case.');
  return id;
}

/** Re-reads the case at click time; a stale card or second click learns what happened instead of a form. */
export async function activeCase(ctx: InteractionContext, arg: string, opts: { lockedWhileEscalated?: boolean } = {}): Promise<CaseRow> {
  const c = await readCase(ctx.deps, caseIdArg(arg));
  const status = c.status;
  if (!isActive(status)) {
    const what = c.resolution ? ` (${c.resolution.type.replace(/_/g, ' ')})` : '';
    throw new UserError(
      'case.handled',
      `Case #${c.id} is already ${status}${what}${c.lastActor ? ` by ${c.lastActor}` : ''}. Nothing was done.`,
      'Already handled',
    );
  }
  if (opts.lockedWhileEscalated && status === 'escalated')
    throw new UserError(
      'case.escalated',
      `Case #${c.id} is with platform support. Refunds and reships wait until support answers.`,
      'Locked while escalated',
    );
  return c;
}

export const done = (title: string, text: string): Reply => ephemeral(notice(title, text, 'success'));

/** Money typed by a person: "12", "12.5", "$12.50", "12,50". */
export const moneyInput = z
  .string()
  .trim()
  .transform((s) => s.replace(/^[$€£]/, '').replace(',', '.'))
  .refine((s) => s === '' || /^\d{1,7}(\.\d{1,2})?$/.test(s), 'an amount like 12.50')
  .transform((s) => (s === '' ? undefined : Math.round(Number(s) * 100)));
