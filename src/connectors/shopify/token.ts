import { createHash } from 'node:crypto';
import type { ShopifyConfig } from '../connector.js';
import { networkFailure } from '../http.js';
import type { ShopifyFailure } from './graphql.js';

/**
 * Where the Admin API access token comes from. A legacy admin-created custom app has a fixed
 * token (accessToken). Apps made in the Dev Dashboard (every new app since 2026-01-01: "you won't
 * be able to create new legacy custom apps") get theirs from the client credentials grant:
 * `POST https://{shop}.myshopify.com/admin/oauth/access_token` with grant_type=client_credentials,
 * client_id and client_secret (form-encoded); the answer is `{ access_token, scope, expires_in }`
 * and the token lapses after about a day. Sources:
 * https://shopify.dev/docs/apps/build/authentication-authorization/client-secrets and
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant
 *
 * The token is kept per process (one per shop and app) and fetched again when Shopify answers
 * 401, so no clock is needed to guess its expiry.
 */

export interface TokenSource {
  get(): Promise<{ ok: true; token: string } | ShopifyFailure>;
  /** Forget the token after a 401; true when a new one can be fetched. */
  invalidate(): boolean;
}

const cache = new Map<string, Promise<{ ok: true; token: string } | ShopifyFailure>>();

export function tokenSource(config: ShopifyConfig, fetchImpl: typeof fetch, timeoutMs: number): TokenSource {
  if (config.accessToken) {
    const token = config.accessToken;
    return { get: async () => ({ ok: true, token }), invalidate: () => false };
  }
  const { clientId, clientSecret } = config;
  const base = config.adminApiUrl.replace(/\/+$/, '');
  const key = `${base}|${clientId}|${createHash('sha256')
    .update(clientSecret ?? '')
    .digest('hex')}`;
  async function fetchToken(): Promise<{ ok: true; token: string } | ShopifyFailure> {
    let res: Response;
    try {
      res = await fetchImpl(`${base}/admin/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId ?? '',
          client_secret: clientSecret ?? '',
        }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return { ...networkFailure('Shopify', err), code: 'network' };
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown };
    if (res.ok && typeof body.access_token === 'string' && body.access_token) return { ok: true, token: body.access_token };
    if (res.status >= 500)
      return { ok: false, retryable: true, code: 'http', error: `Shopify's token endpoint answered HTTP ${res.status}` };
    return {
      ok: false,
      retryable: false,
      code: 'auth',
      error: `Shopify refused the app's client credentials (HTTP ${res.status}); check connector.clientId and connector.clientSecret, and that the app is installed on the store`,
    };
  }
  return {
    get() {
      let p = cache.get(key);
      if (!p) {
        p = fetchToken().then((r) => {
          if (!r.ok) cache.delete(key);
          return r;
        });
        cache.set(key, p);
      }
      return p;
    },
    invalidate() {
      cache.delete(key);
      return true;
    },
  };
}
