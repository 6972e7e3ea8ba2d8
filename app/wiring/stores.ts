import type { Logger } from 'pino';
import { ServiceMetrics } from '../../http/metrics';
import { openStore, Store } from '../../store/openStore';
import { Config } from '../config';

/** The configured store (SQLite file or PostgreSQL), migrated, with its shared parts in the metrics and its place in the log. */
export async function wireStore(config: Config, parts: { logger: Logger; instanceId: string; now: () => Date; metrics: ServiceMetrics }): Promise<Store> {
  const { logger, instanceId, now, metrics } = parts;
  const store = await openStore(config.store, {
    logger,
    instanceId,
    now,
    observeLockWait: (seconds) => metrics.lockWait.observe(seconds),
    observeBusLag: (seconds) => metrics.fanOutLag.observe(seconds),
  });
  const where = store.db.description;
  logger.info({ store: store.location.kind, where, instanceId, migrated: store.migration?.applied, schema: store.migration?.current }, `storage: ${where}`);
  metrics.observeStore({
    poolStats: () => store.poolStats(),
    outboxBacklog: () => store.outbox.backlog(),
    ticketBacklog: () => store.tickets.backlog(),
    webhookBacklog: () => store.webhooks.backlog(),
  });
  return store;
}
