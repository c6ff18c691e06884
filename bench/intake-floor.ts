/**
 * The intake floor: the same rows intake writes for a buyer message (inbox, case, case event,
 * outbox card), one transaction per event, written with plain SQL through the driver, in the
 * benchmark's own process: what the database allows before SellerDesk adds anything.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate, openDatabase } from '../src/db/client.js';

const STATEMENTS = [
  `INSERT INTO inbox (source, external_id, type, shop_id, payload, received_at, processed_at) VALUES ('bench', $1, 'buyer.message', 'shop-1', $2, now(), now())`,
  `WITH c AS (INSERT INTO cases (shop_id, kind, clock_channel, buyer_name, buyer_id, body, source_event_id, opened_at, target_at, max_at, updated_at)
     VALUES ('shop-1', 'message', 'message', 'Bench Buyer', $2, 'Hello, where is my order?', $1, now(), now() + interval '2 hours', now() + interval '24 hours', now()) RETURNING id),
   e AS (INSERT INTO case_events (case_id, at, actor, platform, type, data) SELECT id, now(), 'Bench Buyer', 'intake', 'opened', '{}'::jsonb FROM c)
   INSERT INTO outbox (idempotency_key, platform, channel, op, payload, case_id, ordering_key, created_at, next_attempt_at)
   SELECT 'case:' || id || ':card', 'console', 'console', 'post', jsonb_build_object('kind', 'case_card', 'caseId', id), id, 'case:' || id, now(), now() FROM c`,
];

/** Creates the schema and a shop; returns how to connect (the embedded server stays attached until `done`). */
async function prepareSchema(url: string | undefined, dataDir: string): Promise<{ config: pg.ClientConfig; done: () => Promise<void> }> {
  const database = await openDatabase({ url, dataDir, poolSize: 1, role: 'bench' });
  await migrate(database);
  await database.db.execute(
    `INSERT INTO teams (id, name, created_at) VALUES ('default', 'Default', now()) ON CONFLICT DO NOTHING` as never,
  );
  await database.db.execute(`INSERT INTO shops (id, team_id, name) VALUES ('shop-1', 'default', 'Shop') ON CONFLICT DO NOTHING` as never);
  return { config: url ? { connectionString: url } : database.embedded!.connection, done: () => database.close() };
}

export async function intakeFloor(url: string | undefined, dataDir: string, connections: number, seconds: number): Promise<number> {
  const { config, done } = await prepareSchema(url, dataDir);
  let n = 0;
  const until = performance.now() + seconds * 1000;
  const payload = (id: string) => JSON.stringify({ id, type: 'buyer.message', data: { message: 'Hello, where is my order?' } });
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client(config);
      await c.connect();
      return c;
    }),
  );
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < until) {
        const id = `floor-${randomUUID()}`;
        await c.query('BEGIN');
        await c.query({ name: 'floor-inbox', text: STATEMENTS[0]!, values: [id, payload(id)] });
        await c.query({ name: 'floor-case', text: STATEMENTS[1]!, values: [id, `b-${n}`] });
        await c.query('COMMIT');
        n++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  await done();
  return n / seconds;
}
