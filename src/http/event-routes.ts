import type { FastifyInstance } from 'fastify';
import { parseEvent, type IntakeEvent } from '../domain/events.js';
import type { Metrics } from '../metrics.js';
import type { Clock } from '../ports.js';
import type { IntakeResult } from '../../workflows/intake/index.js';
import { verifyEventSignature } from '../signature.js';

export type EventIntake = (source: string, event: IntakeEvent, raw: unknown) => Promise<IntakeResult>;

/** Parses JSON and says where it broke, without echoing the body. */
export function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  if (raw.length === 0) return { ok: false, error: 'body: empty; expected a JSON event' };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch (e) {
    return { ok: false, error: `body: invalid JSON (${(e as Error).message.slice(0, 200)})` };
  }
}

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export function registerEventRoutes(
  app: FastifyInstance,
  o: { clock: Clock; webhookSecret: string; intake: EventIntake; metrics: Metrics },
): void {
  const { metrics } = o;
  app.post('/webhooks/events', async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const sig = verifyEventSignature(
      o.webhookSecret,
      header(req.headers['x-sellerdesk-timestamp']),
      header(req.headers['x-sellerdesk-signature']),
      raw,
      o.clock.now(),
    );
    if (!sig.ok) {
      metrics.inc('intake_rejected_total', { reason: 'signature' });
      return reply.code(401).send({ error: sig.error });
    }
    const json = parseJson(raw);
    if (!json.ok) {
      metrics.inc('intake_rejected_total', { reason: 'json' });
      return reply.code(400).send({ error: json.error });
    }
    const parsed = parseEvent(json.value);
    if (!parsed.ok) {
      metrics.inc('intake_rejected_total', { reason: parsed.status === 422 ? 'type' : 'invalid' });
      return reply.code(parsed.status).send({ error: parsed.error, ...(parsed.field ? { field: parsed.field } : {}) });
    }
    const result = await o.intake('webhook', parsed.event, json.value);
    metrics.inc('intake_events_total', { outcome: result.duplicate ? 'duplicate' : 'accepted' });
    return reply.code(result.duplicate ? 200 : 202).send({
      status: result.duplicate ? 'duplicate' : 'accepted',
      id: parsed.event.id,
      ...result.effect,
    });
  });
}
