import { errorCode } from '../../src/errors.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { onceClaims } from '../../src/db/schema.js';
import { escalateCase } from './escalate.js';
import type { WorkflowDeps } from '../deps.js';
import type { Job } from '../jobs.js';

/**
 * Disputes nobody could resolve go to platform support (customer-service-best-practices.md,
 * "Escalation: disputes you cannot resolve"). A dispute or chargeback still open after
 * `afterDays` is escalated once, with reason 'unresolvable_dispute'.
 */
export interface DisputeWatchOptions {
  /** Days after the dispute opened. */
  afterDays: number;
  /** Cases handled per run; the rest wait for the next run. */
  batch: number;
}

export const DEFAULT_DISPUTE_WATCH: DisputeWatchOptions = { afterDays: 5, batch: 200 };
export const DISPUTE_WATCH_CLAIM = 'dispute-watch';
const DAY_MS = 86_400_000;

interface Candidate {
  id: number;
  kind: string;
  flags: string[];
  opened_at: Date | string;
}

/**
 * Open disputes past the limit that were never escalated and never claimed. Cases already
 * escalated (by a person or a rule) are left alone: support has them or has answered.
 */
async function candidates(deps: WorkflowDeps, o: DisputeWatchOptions, team: string | undefined): Promise<Candidate[]> {
  const cutoff = new Date(deps.clock.now().getTime() - o.afterDays * DAY_MS);
  return queryRows<Candidate>(
    deps.db,
    sql`SELECT c.id, c.kind, c.flags, c.opened_at FROM cases c
      WHERE c.kind IN ('dispute', 'chargeback') AND c.status IN ('open', 'acknowledged', 'waiting_on_buyer')
        AND c.escalated_at IS NULL AND c.opened_at <= ${cutoff}
        ${team ? sql`AND c.shop_id IN (SELECT id FROM shops WHERE team_id = ${team})` : sql``}
        AND NOT EXISTS (SELECT 1 FROM once_claims oc WHERE oc.kind = ${DISPUTE_WATCH_CLAIM} AND oc.key = c.id::text)
      ORDER BY c.opened_at, c.id LIMIT ${o.batch}`,
  );
}

const what = (c: Candidate): string => {
  if (c.kind === 'chargeback') return 'Chargeback';
  const reason = c.flags.find((f) => f.startsWith('dispute:'))?.slice('dispute:'.length);
  return `Dispute${reason ? ` (${reason.replace(/_/g, ' ')})` : ''}`;
};

export interface DisputeWatchReport {
  escalated: number[];
  /** Claimed by another run at the same time, or changed meanwhile. */
  skipped: number;
  failed: number;
}

/**
 * Each case in its own transaction: the once-claim (once_claims, kind 'dispute-watch', key =
 * case id) and the escalation commit together. Two concurrent runs both try the claim; the
 * second waits on the unique index and finds it taken, so a case is escalated once. If the
 * escalation fails, the claim rolls back with it and the next run tries again.
 */
export async function watchDisputes(
  deps: WorkflowDeps,
  o: DisputeWatchOptions = DEFAULT_DISPUTE_WATCH,
  team?: string,
): Promise<DisputeWatchReport> {
  const report: DisputeWatchReport = { escalated: [], skipped: 0, failed: 0 };
  for (const c of await candidates(deps, o, team)) {
    const now = deps.clock.now();
    const openedAt = new Date(c.opened_at);
    const days = Math.floor((now.getTime() - openedAt.getTime()) / DAY_MS);
    const why = `${what(c)} opened ${openedAt.toISOString().slice(0, 10)} is still unresolved after ${days} days (limit ${o.afterDays}).`;
    try {
      const done = await deps.db.transaction(async (tx) => {
        const [claim] = await tx
          .insert(onceClaims)
          .values({ kind: DISPUTE_WATCH_CLAIM, key: String(c.id), claimedAt: now, data: { why } })
          .onConflictDoNothing({ target: [onceClaims.kind, onceClaims.key] })
          .returning({ id: onceClaims.id });
        if (!claim) return false;
        await escalateCase(
          { ...deps, db: tx },
          c.id,
          { name: 'SellerDesk (dispute watch)', userId: 'system', platform: 'system' },
          { reason: 'unresolvable_dispute', rule: why },
        );
        return true;
      });
      if (done) report.escalated.push(c.id);
      else report.skipped++;
    } catch (err) {
      // Most often the case changed since it was read (resolved or escalated by a person): nothing to do.
      report.failed++;
      deps.log.warn({ err, code: errorCode(err), caseId: c.id }, 'dispute watch could not escalate a case; the next run looks again');
    }
  }
  if (report.escalated.length) deps.log.info({ cases: report.escalated }, 'dispute watch escalated unresolved disputes');
  return report;
}

export const disputeWatchJob = (opts: DisputeWatchOptions = DEFAULT_DISPUTE_WATCH, cron = '7 * * * *'): Job => ({
  name: 'dispute-watch',
  description: `Escalate disputes and chargebacks still unresolved after ${opts.afterDays} days to platform support (once each)`,
  cron,
  async run(deps, { dryRun, team }) {
    if (dryRun) {
      const found = await candidates(deps, opts, team);
      return {
        summary: `dry run: would escalate ${found.length} unresolved disputes`,
        preview: found.map((c) => `#${c.id} ${what(c)} opened ${new Date(c.opened_at).toISOString().slice(0, 10)}`),
      };
    }
    const r = await watchDisputes(deps, opts, team);
    return {
      summary: `${r.escalated.length} unresolved disputes escalated${r.escalated.length ? ` (${r.escalated.map((id) => `#${id}`).join(', ')})` : ''}; ${r.skipped} taken by another run; ${r.failed} failed`,
    };
  },
});
