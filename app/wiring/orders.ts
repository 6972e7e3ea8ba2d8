import type { Logger } from 'pino';
import { ContentPack } from '../../content/contentPack';
import { ServiceMetrics } from '../../http/metrics';
import { CachedOrderBackend } from '../../orders/cachedOrderBackend';
import { CircuitBreaker } from '../../orders/circuitBreaker';
import { GuardedOrderBackend, OrderBackendStatus, OrderSystem } from '../../orders/guardedOrderBackend';
import { HttpOrderSystem } from '../../orders/http/httpOrderSystem';
import { OrderBackend } from '../../orders/orderBackend';
import { ShopifyOrderSystem } from '../../orders/shopify/shopifyOrderSystem';
import { WooCommerceOrderSystem } from '../../orders/woocommerce/wooCommerceOrderSystem';
import { Store } from '../../store/openStore';
import { Config, OrderBackendConfig } from '../config';

/** Failures in a row that open the circuit, and how long it then stays open. */
const BREAKER = { failureThreshold: 5, openMs: 30_000 };

export interface OrderWiring {
  readonly orders: OrderBackend;
  /** The remote order system's state; undefined for the sample shop and for a backend given in code. */
  readonly status?: () => OrderBackendStatus;
  close(): void;
}

/** The order system the flows talk to, as ORDER_BACKEND says: guarded by a deadline and a circuit breaker, and cached. */
export async function wireOrders(parts: {
  config: Config;
  store: Store;
  pack: ContentPack;
  metrics: ServiceMetrics;
  logger: Logger;
  now: () => Date;
  /** A backend given in code (ServiceOptions.orders) replaces the configured one. */
  override?: OrderBackend;
}): Promise<OrderWiring> {
  const { config, store, pack, metrics, logger, now } = parts;
  if (parts.override) return { orders: parts.override, close: () => undefined };
  const backend = config.orders.backend;
  if (backend.kind === 'sample') {
    await store.sampleOrders.seed(pack.sampleOrders);
    return { orders: store.sampleOrders, close: () => undefined };
  }
  if (backend.kind === 'http' && backend.url.startsWith('http:') && config.nodeEnv === 'production') {
    // Signed, so not forgeable; but the orders themselves would travel readable.
    logger.warn('ORDER_BACKEND_URL is plain http: order data travels unencrypted; use https outside a private network');
  }
  if (backend.kind === 'http' && backend.previousSecret) {
    logger.info('order API secret rotation: signing with ORDER_BACKEND_SECRET; remove ORDER_BACKEND_SECRET_PREVIOUS once the shop accepts only the new one');
  }
  const system = orderSystem(backend, now);
  const guarded = new GuardedOrderBackend(system, {
    deadlineMs: config.orders.deadlineMs,
    breaker: new CircuitBreaker({ ...BREAKER, now: Date.now }),
    logger,
    now,
    observe: (operation, outcome, seconds) => metrics.orderCalls.observe({ backend: system.kind, operation, outcome }, seconds),
  });
  metrics.observeOrderBackend(() => guarded.status());
  logger.info({ backend: system.kind, deadlineMs: config.orders.deadlineMs, cacheSeconds: config.orders.cacheSeconds }, 'orders come from the shop');
  if (config.orders.cacheSeconds === 0) return { orders: guarded, status: () => guarded.status(), close: () => undefined };
  const cached = new CachedOrderBackend(guarded, config.orders.cacheSeconds * 1000, store.bus);
  return { orders: cached, status: () => guarded.status(), close: () => cached.close() };
}

function orderSystem(backend: Exclude<OrderBackendConfig, { kind: 'sample' }>, now: () => Date): OrderSystem {
  switch (backend.kind) {
    case 'http':
      return new HttpOrderSystem({ baseUrl: backend.url, secret: backend.secret, now });
    case 'woocommerce':
      return new WooCommerceOrderSystem({ url: backend.url, key: backend.key, secret: backend.secret, now });
    case 'shopify':
      return new ShopifyOrderSystem({ apiUrl: backend.apiUrl, accessToken: backend.accessToken, apiVersion: backend.apiVersion });
  }
}
