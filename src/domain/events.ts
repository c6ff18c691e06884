import { z } from 'zod';

/**
 * The intake event format (docs/events.md). Every event has the envelope
 * { id, type, occurredAt, shopId, data }; `data` depends on `type`.
 */

const id = z.string().trim().min(1).max(200);
const instant = z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with a zone, e.g. 2026-11-23T14:05:00Z' });
const text = (max: number) => z.string().max(max);

export const buyerSchema = z.object({
  id: id.optional(),
  name: z.string().trim().min(1).max(200),
  email: z.email().optional(),
});

export const moneySchema = z.object({
  amount: z.number().nonnegative().max(10_000_000),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'a 3-letter ISO currency code such as USD')
    .default('USD'),
});

const itemSchema = z.object({
  sku: text(100).optional(),
  title: z.string().trim().min(1).max(300),
  quantity: z.number().int().positive().max(10_000).default(1),
  custom: z.boolean().optional(),
});

export const eventData = {
  'order.paid': z.object({
    orderId: id,
    buyer: buyerSchema,
    items: z.array(itemSchema).max(200).default([]),
    total: moneySchema.optional(),
    paidAt: instant.optional(),
    /** Made to order: the longer handling time applies. Defaults to true when any item is custom. */
    custom: z.boolean().optional(),
    insured: z.boolean().optional(),
  }),
  'order.shipped': z.object({
    orderId: id,
    shippedAt: instant.optional(),
    carrier: text(50).optional(),
    tracking: text(100).optional(),
    insured: z.boolean().optional(),
  }),
  'order.delivered': z.object({ orderId: id, deliveredAt: instant.optional() }),
  'order.cancelled': z.object({ orderId: id, reason: text(500).optional() }),
  'buyer.message': z.object({
    buyer: buyerSchema,
    message: z.string().trim().min(1).max(20_000),
    subject: text(300).optional(),
    orderId: id.optional(),
  }),
  'review.posted': z.object({
    buyer: buyerSchema,
    rating: z.number().int().min(1).max(5),
    text: text(20_000).optional(),
    orderId: id.optional(),
  }),
  'return.requested': z.object({
    buyer: buyerSchema,
    orderId: id,
    reason: z.string().trim().min(1).max(2000),
    items: z.array(itemSchema).max(200).optional(),
  }),
  'dispute.opened': z.object({
    buyer: buyerSchema,
    orderId: id.optional(),
    reason: z.enum(['not_received', 'not_as_described', 'damaged', 'wrong_item', 'billing', 'other']),
    message: text(20_000).optional(),
  }),
  'chargeback.opened': z.object({
    buyer: buyerSchema.optional(),
    orderId: id,
    amount: moneySchema.optional(),
    reason: text(2000).optional(),
  }),
} as const;

export type EventType = keyof typeof eventData;
export const EVENT_TYPES = Object.keys(eventData) as EventType[];

export const envelopeSchema = z.object({
  id,
  type: z.string().min(1).max(100),
  occurredAt: instant,
  shopId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, . _ - (at most 64), starting with a letter or digit'),
  data: z.record(z.string(), z.unknown()),
});

export type IntakeEvent = {
  [K in EventType]: { id: string; type: K; occurredAt: string; shopId: string; data: z.infer<(typeof eventData)[K]> };
}[EventType];

export type ParseResult = { ok: true; event: IntakeEvent } | { ok: false; status: 400 | 422; error: string; field?: string };

function describe(issue: z.core.$ZodIssue, prefix: string): { field: string; error: string } {
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return { field, error: `${field || 'body'}: ${issue.message}` };
}

/** PostgreSQL text and jsonb cannot hold U+0000: find where one hides (keys included). */
export function findNul(v: unknown, path: string, depth = 0): string | undefined {
  if (depth > 64) return undefined;
  if (typeof v === 'string') return v.includes('\u0000') ? path : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = findNul(v[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const at = path === 'body' ? k : `${path}.${k}`;
      if (k.includes('\u0000')) return at;
      const hit = findNul(x, at, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Validates an already JSON-parsed body. 400 for a malformed envelope or data, 422 for an unknown type. */
export function parseEvent(body: unknown): ParseResult {
  const nul = findNul(body, 'body');
  if (nul) return { ok: false, status: 400, field: nul, error: `${nul}: contains a NUL character (\\u0000), which cannot be stored` };
  const env = envelopeSchema.safeParse(body);
  if (!env.success) return { ok: false, status: 400, ...describe(env.error.issues[0]!, '') };
  // Own keys only: a type such as "constructor" or "__proto__" must not reach Object.prototype.
  const schema = Object.hasOwn(eventData, env.data.type) ? (eventData as Record<string, z.ZodType>)[env.data.type] : undefined;
  if (!schema)
    return {
      ok: false,
      status: 422,
      field: 'type',
      error: `type: unknown event type "${env.data.type}"; expected one of ${EVENT_TYPES.join(', ')}`,
    };
  const data = schema.safeParse(env.data.data);
  if (!data.success) return { ok: false, status: 400, ...describe(data.error.issues[0]!, 'data') };
  return { ok: true, event: { ...env.data, data: data.data } as IntakeEvent };
}
