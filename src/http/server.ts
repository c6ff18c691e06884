import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../db/client.js';
import { errorCode } from '../errors.js';
import { Metrics } from '../metrics.js';
import type { Clock, Logger } from '../ports.js';
import { registerEventRoutes, type EventIntake } from './event-routes.js';
import { openApiDocument } from './openapi.js';

export const BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  clock: Clock;
  log: Logger;
  webhookSecret: string;
  intake: EventIntake;
  ready: () => Promise<boolean>;
  /** Gauges read at scrape time (e.g. outbox rows by state), added to /metrics. */
  gauges?: () => Promise<Record<string, number>>;
  /** Requests handed untouched to another listener before body parsing (e.g. Bolt at /slack/events). */
  rawRoutes?: Array<{ method: string; path: string; handler: (req: IncomingMessage, res: ServerResponse) => void }>;
  /** The app's counters (deps.metrics), shown at /metrics; a private set when not given. */
  metrics?: Metrics;
  /** Extra routes registered by connectors (e.g. Shopify webhooks). */
  plugins?: Array<(app: FastifyInstance) => void>;
}

export function buildServer(o: ServerOptions): FastifyInstance {
  const metrics = o.metrics ?? new Metrics();
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    genReqId: () => randomUUID(),
    // Slow clients must not hold connections forever.
    requestTimeout: 30_000,
    return503OnClosing: true,
  });

  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  for (const r of o.rawRoutes ?? []) {
    app.addHook('onRequest', async (req, reply) => {
      if (req.method === r.method && req.url.split('?')[0] === r.path) {
        reply.hijack();
        r.handler(req.raw, reply.raw);
      }
    });
  }

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413)
      return reply.code(413).send({ error: `body: larger than ${BODY_LIMIT} bytes` });
    if (isDatabaseUnavailable(err)) {
      metrics.inc('http_unavailable_total');
      return reply.code(503).header('retry-after', '5').send({ error: 'database unavailable; retry later' });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return reply.code(err.statusCode).send({ error: err.message });
    o.log.error({ err, ref: req.id, code: errorCode(err), url: req.url }, 'request failed');
    return reply.code(500).send({ error: 'internal error', ref: req.id });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ok = await o.ready().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready' });
  });
  app.get('/metrics', async (_req, reply) => {
    const gauges = (await o.gauges?.().catch(() => ({}))) ?? {};
    const lines = Object.entries(gauges).map(([k, v]) => `sellerdesk_${k} ${v}`);
    return reply.type('text/plain; version=0.0.4').send(metrics.render() + (lines.length ? `${lines.join('\n')}\n` : ''));
  });
  app.get('/openapi.json', async () => openApiDocument());

  registerEventRoutes(app, { ...o, metrics });
  for (const p of o.plugins ?? []) p(app);
  return app;
}
