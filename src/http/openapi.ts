import { z } from 'zod';
import { eventData, envelopeSchema, EVENT_TYPES } from '../domain/events.js';

/** The intake API as OpenAPI 3.1, with each event type's data schema generated from the zod schemas. */
export function openApiDocument(): Record<string, unknown> {
  const dataSchemas = Object.fromEntries(
    EVENT_TYPES.map((t) => [`${t.replace('.', '_')}_data`, z.toJSONSchema(eventData[t], { io: 'input', unrepresentable: 'any' })]),
  );
  const envelope = z.toJSONSchema(envelopeSchema, { io: 'input', unrepresentable: 'any' });
  const events = EVENT_TYPES.map((t) => ({
    allOf: [
      { $ref: '#/components/schemas/Envelope' },
      {
        type: 'object',
        properties: { type: { const: t }, data: { $ref: `#/components/schemas/${t.replace('.', '_')}_data` } },
      },
    ],
  }));
  const error = { type: 'object', properties: { error: { type: 'string' }, field: { type: 'string' } }, required: ['error'] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'SellerDesk intake',
      version: '1',
      description: 'Signed marketplace events become orders and cases. See docs/events.md.',
    },
    paths: {
      '/webhooks/events': {
        post: {
          summary: 'Send one event',
          parameters: [
            {
              name: 'X-SellerDesk-Timestamp',
              in: 'header',
              required: true,
              schema: { type: 'string' },
              description: 'Unix seconds; accepted within 5 minutes either way',
            },
            {
              name: 'X-SellerDesk-Signature',
              in: 'header',
              required: true,
              schema: { type: 'string' },
              description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with WEBHOOK_SECRET>',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: events } } } },
          responses: {
            '202': { description: 'Stored and applied' },
            '200': { description: 'Already received (same id): no second effect' },
            '400': { description: 'Invalid JSON or a field failed validation', content: { 'application/json': { schema: error } } },
            '401': { description: 'Missing, bad or stale signature', content: { 'application/json': { schema: error } } },
            '413': { description: 'Body over 1 MB' },
            '422': { description: 'Unknown event type', content: { 'application/json': { schema: error } } },
            '503': { description: 'Database unavailable: retry later' },
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'Alive' } } } },
      '/readyz': {
        get: {
          summary: 'Readiness (database reachable)',
          responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } },
        },
      },
    },
    components: { schemas: { Envelope: envelope, ...dataSchemas } },
  };
}
