import type { ConnectorFailure, ShopifyConfig } from '../connector.js';
import { networkFailure } from '../http.js';
import { tokenSource } from './token.js';

/** The Admin API version used when the config names none. refundCreate takes @idempotent from 2026-01 on. */
export const DEFAULT_SHOPIFY_API_VERSION = '2026-01';
const DEFAULT_TIMEOUT_MS = 10_000;

/** `extensions.cost.throttleStatus` of an Admin GraphQL answer. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}
export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

export type ShopifyFailureCode = 'throttled' | 'auth' | 'http' | 'network' | 'graphql' | 'invalid' | 'refused' | 'not_found';

/**
 * A failed Admin call. `retryable` says whether the same request (same idempotency key) may be sent
 * again; for `throttled`, `retryAfterMs` is the wait Shopify implies: the points the request needs
 * beyond what the bucket holds, divided by the restore rate (or Retry-After on HTTP 429).
 */
export type ShopifyFailure = ConnectorFailure & { code: ShopifyFailureCode; retryAfterMs?: number; throttle?: ThrottleStatus };
export type GqlResult<T> = { ok: true; data: T; cost?: QueryCost } | ShopifyFailure;

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export interface AdminClient {
  readonly endpoint: string;
  readonly version: string;
  /** Whether refundCreate accepts @idempotent at this version. */
  readonly idempotentDirective: boolean;
  request<T>(query: string, variables: Record<string, unknown>): Promise<GqlResult<T>>;
  /** The bucket as of the last answer that reported it. */
  lastThrottle(): ThrottleStatus | undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function readCost(extensions: unknown): QueryCost | undefined {
  const cost = (extensions as { cost?: Record<string, unknown> } | undefined)?.cost;
  if (!cost || typeof cost !== 'object') return undefined;
  const ts = cost.throttleStatus as Record<string, unknown> | undefined;
  const max = num(ts?.maximumAvailable);
  const current = num(ts?.currentlyAvailable);
  const rate = num(ts?.restoreRate);
  const requested = num(cost.requestedQueryCost);
  const actual = cost.actualQueryCost === null ? null : num(cost.actualQueryCost);
  return {
    ...(requested !== undefined ? { requestedQueryCost: requested } : {}),
    ...(actual !== undefined ? { actualQueryCost: actual } : {}),
    ...(max !== undefined && current !== undefined && rate !== undefined
      ? { throttleStatus: { maximumAvailable: max, currentlyAvailable: current, restoreRate: rate } }
      : {}),
  };
}

/**
 * The wait before the bucket holds what the request asked for: (requested − available) / restore
 * rate, rounded up to whole milliseconds, at least 1 s so a retry is never a hot loop. Without a
 * requested cost (Shopify omits it on some errors) the bucket is waited on until full.
 */
export function throttleWaitMs(cost: QueryCost | undefined): number {
  const ts = cost?.throttleStatus;
  if (!ts || ts.restoreRate <= 0) return 1000;
  const needed = Math.min(cost?.requestedQueryCost ?? ts.maximumAvailable, ts.maximumAvailable);
  return Math.max(1000, Math.ceil(((needed - ts.currentlyAvailable) / ts.restoreRate) * 1000));
}

const retryAfterHeaderMs = (v: string | null): number | undefined => {
  if (!v) return undefined;
  const s = Number(v);
  return Number.isFinite(s) && s >= 0 ? Math.max(1000, Math.ceil(s * 1000)) : undefined;
};

export function refusal(what: string, errors: UserError[]): ShopifyFailure {
  return {
    ok: false,
    retryable: false,
    code: 'refused',
    error: `Shopify refused the ${what}: ${errors.map((e) => `${e.field?.length ? `${e.field.join('.')}: ` : ''}${e.message}`).join('; ')}`,
  };
}

/**
 * The Admin GraphQL API at `${adminApiUrl}/admin/api/${version}/graphql.json` with
 * X-Shopify-Access-Token. Every answer's `extensions.cost.throttleStatus` is read; a THROTTLED
 * error (HTTP 200 with errors[].extensions.code, or HTTP 429) becomes a retryable `throttled`
 * failure carrying the wait. Nothing here sleeps or retries by itself: the caller decides, through
 * its durable queue, with the same idempotency key.
 */
export function createAdminClient(config: ShopifyConfig, fetchImpl: typeof fetch = fetch): AdminClient {
  const version = config.apiVersion ?? DEFAULT_SHOPIFY_API_VERSION;
  const endpoint = `${config.adminApiUrl.replace(/\/+$/, '')}/admin/api/${version}/graphql.json`;
  let last: ThrottleStatus | undefined;

  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tokens = tokenSource(config, fetchImpl, timeoutMs);

  async function post(query: string, variables: Record<string, unknown>): Promise<Response | ShopifyFailure> {
    const token = await tokens.get();
    if (!token.ok) return token;
    try {
      return await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': token.token },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return { ...networkFailure('Shopify', err), code: 'network' };
    }
  }

  async function request<T>(query: string, variables: Record<string, unknown>): Promise<GqlResult<T>> {
    let res = await post(query, variables);
    // A client-credentials token lapses after about a day: fetch a new one once and retry.
    if (res instanceof Response && res.status === 401 && tokens.invalidate()) {
      await res.body?.cancel();
      res = await post(query, variables);
    }
    if (!(res instanceof Response)) return res;
    const text = await res.text().catch(() => '');
    let body: { data?: T | null; errors?: unknown; extensions?: unknown } | undefined;
    try {
      body = text ? (JSON.parse(text) as typeof body) : undefined;
    } catch {
      body = undefined;
    }
    const cost = readCost(body?.extensions);
    if (cost?.throttleStatus) last = cost.throttleStatus;
    if (res.status === 401 || res.status === 403)
      return {
        ok: false,
        retryable: false,
        code: 'auth',
        error: `Shopify refused the access token (HTTP ${res.status}); check connector.accessToken (or clientId/clientSecret) and the app's scopes`,
      };
    if (res.status === 429) {
      const wait = retryAfterHeaderMs(res.headers.get('retry-after')) ?? throttleWaitMs(cost);
      return {
        ok: false,
        retryable: true,
        code: 'throttled',
        retryAfterMs: wait,
        error: `Shopify is busy (HTTP 429); retry in ${Math.ceil(wait / 1000)} s`,
        ...(cost?.throttleStatus ? { throttle: cost.throttleStatus } : {}),
      };
    }
    if (res.status >= 500)
      return { ok: false, retryable: true, code: 'http', error: `Shopify answered HTTP ${res.status}; try again shortly` };
    if (!res.ok) return { ok: false, retryable: false, code: 'http', error: `Shopify answered HTTP ${res.status}: ${text.slice(0, 200)}` };
    if (!body) return { ok: false, retryable: true, code: 'invalid', error: 'Shopify answered with something that is not JSON' };
    const errors = Array.isArray(body.errors) ? (body.errors as Array<{ message?: string; extensions?: { code?: string } }>) : [];
    if (errors.length) {
      if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
        const wait = throttleWaitMs(cost);
        return {
          ok: false,
          retryable: true,
          code: 'throttled',
          retryAfterMs: wait,
          error: `Shopify is busy (THROTTLED); retry in ${Math.ceil(wait / 1000)} s`,
          ...(cost?.throttleStatus ? { throttle: cost.throttleStatus } : {}),
        };
      }
      const internal = errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
      return {
        ok: false,
        retryable: internal,
        code: 'graphql',
        error: `Shopify: ${errors
          .map((e) => String(e.message ?? 'error'))
          .join('; ')
          .slice(0, 300)}`,
      };
    }
    if (!body.data) return { ok: false, retryable: true, code: 'invalid', error: 'Shopify answered without data' };
    return { ok: true, data: body.data, ...(cost ? { cost } : {}) };
  }

  return {
    endpoint,
    version,
    idempotentDirective: version === 'unstable' || version >= '2026-01',
    request,
    lastThrottle: () => last,
  };
}

/** "gid://shopify/Order/820982911946154508" → "820982911946154508". */
export const gidTail = (gid: string): string => gid.slice(gid.lastIndexOf('/') + 1);
export const toGid = (type: string, id: string): string | undefined => {
  if (new RegExp(`^gid://shopify/${type}/\\d+$`).test(id)) return id;
  return /^\d{1,20}$/.test(id) ? `gid://shopify/${type}/${id}` : undefined;
};
/** Decimal string ("24.50") ↔ minor units. Shopify sends decimals; the desk counts cents. */
export const toCents = (amount: string | number): number => Math.round(Number(amount) * 100);
