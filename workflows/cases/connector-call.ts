import type { Connector, ConnectorResult } from '../../src/connectors/connector.js';
import { getOrderById } from '../../src/db/repos/orders.js';
import { getShop } from '../../src/db/repos/shops.js';
import type { CaseRow, OrderRow, ShopRow } from '../../src/db/rows.js';
import { ConnectorConfigError, ConnectorError, errorCode } from '../../src/errors.js';
import type { WorkflowDeps } from '../deps.js';

/**
 * How a decision reaches the marketplace: the shop's connector, called OUTSIDE any
 * transaction, its answer (or what it threw) turned into a result the workflow records.
 */

export interface ActionContext {
  shop: ShopRow;
  order?: OrderRow | undefined;
  connector?: Connector | undefined;
  /** Set when the shop's connector config is unusable. */
  configError?: string;
}

/** Reads what the connector call needs, outside any transaction. */
export async function actionContext(deps: WorkflowDeps, c: CaseRow): Promise<ActionContext> {
  const shop = (await getShop(deps.db, c.shopId))!;
  const order = c.orderId ? await getOrderById(deps.db, c.orderId) : undefined;
  try {
    return { shop, order, connector: deps.connectors.for(shop) };
  } catch (e) {
    if (e instanceof ConnectorConfigError) return { shop, order, configError: e.message };
    throw e;
  }
}

/** The call, with anything thrown turned into a failure (retryable unless a ConnectorError says otherwise). */
export async function callConnector<R extends ConnectorResult>(
  deps: WorkflowDeps,
  ctx: ActionContext,
  what: string,
  fn: (k: Connector) => Promise<R>,
): Promise<R | { ok: false; error: string; retryable: boolean }> {
  if (!ctx.connector) return { ok: false, error: `The connector is misconfigured: ${ctx.configError ?? 'unknown'}`, retryable: false };
  try {
    return await fn(ctx.connector);
  } catch (err) {
    deps.log.error({ err, code: errorCode(err), shopId: ctx.shop.id, what }, 'connector call failed');
    const retryable = err instanceof ConnectorError ? err.retryable : true;
    return { ok: false, error: `The ${ctx.connector.type} connector failed: ${(err as Error).message}`, retryable };
  }
}
