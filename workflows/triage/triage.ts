import { errorCode } from '../../src/errors.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { getCase } from '../../src/db/repos/cases.js';
import { cases } from '../../src/db/schema.js';
import type { Classifier } from '../../src/ports.js';
import { eq } from 'drizzle-orm';
import { escalateCase, type EscalationRule } from '../escalation/index.js';
import { autoAcknowledge } from './auto-acknowledge.js';
import type { WorkflowDeps } from '../deps.js';

export interface TriageOptions {
  classifier: Classifier;
  rules: EscalationRule[];
  batch?: number;
}

const URGENCY_RANK = { low: 0, normal: 1, high: 2, urgent: 3 } as const;

/**
 * Triage runs after intake, never inside it: new cases wait in a durable queue (triaged_at
 * IS NULL, a partial index) and are claimed with SKIP LOCKED, so intake never waits on AI and
 * a crash between intake and triage loses nothing. Each case: classify, raise priority and
 * flags, then apply the automatic escalation rules.
 */
export async function triageBatch(deps: WorkflowDeps, o: TriageOptions): Promise<number> {
  const now = deps.clock.now();
  const claimed = await queryRows<{ id: number }>(
    deps.db,
    sql`UPDATE cases SET triaged_at = ${now}
      WHERE id IN (SELECT id FROM cases WHERE triaged_at IS NULL ORDER BY id LIMIT ${o.batch ?? 20} FOR UPDATE SKIP LOCKED)
      RETURNING id`,
  );
  for (const { id } of claimed) {
    try {
      await triageOne(deps, id, o);
    } catch (err) {
      deps.log.error({ err, code: errorCode(err), caseId: id }, 'triage failed for a case; it keeps its intake priority');
    }
  }
  return claimed.length;
}

async function triageOne(deps: WorkflowDeps, id: number, o: TriageOptions): Promise<void> {
  const c = await getCase(deps.db, id);
  if (!c) return;
  const text = [c.subject, c.body].filter(Boolean).join('\n');
  const t = await o.classifier.classify(text, { kind: c.kind, rating: c.rating });
  const priority = URGENCY_RANK[t.urgency] > URGENCY_RANK[c.priority as keyof typeof URGENCY_RANK] ? t.urgency : c.priority;
  const flags = [...new Set([...c.flags, ...(t.abusive ? ['abusive'] : []), ...(t.sentiment === 'negative' ? ['negative'] : [])])];
  await deps.db
    .update(cases)
    .set({ triage: { ...t }, priority, flags })
    .where(eq(cases.id, id));
  const updated = { ...c, priority, flags, triage: { ...t } };
  await autoAcknowledge(deps, updated);
  for (const rule of o.rules) {
    const hit = await rule(deps, updated, t);
    if (hit) {
      await escalateCase(
        deps,
        c.id,
        { name: 'SellerDesk (automatic)', userId: 'system', platform: 'system' },
        { reason: hit.reason, rule: hit.why },
      );
      deps.log.info({ caseId: c.id, reason: hit.reason, why: hit.why }, 'case escalated automatically');
      return;
    }
  }
}

/** Runs triage in the background of the app, like the delivery worker. */
export class TriageWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: WorkflowDeps,
    private readonly o: TriageOptions,
  ) {}

  start(intervalMs = 500): void {
    const tick = async () => {
      if (this.stopped) return;
      this.running = triageBatch(this.deps, this.o).catch((err) => this.deps.log.error({ err }, 'triage round failed; retrying'));
      const n = await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, n ? 0 : intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
