import { IRouter, Router } from 'express';
import type { OrderBackendStatus } from '../../orders/guardedOrderBackend';

export interface Readiness {
  storage(): Promise<boolean>;
  model(): boolean;
  /** False once shutdown has begun, so a load balancer stops sending traffic. */
  accepting(): boolean;
  /** The shop's order system (absent for the sample shop). Shown, but never makes the service unready: the bot answers honestly when it is down. */
  orderBackend?: () => OrderBackendStatus;
}

/**
 * `GET /healthz` (the process is up) and `GET /readyz` (it can serve conversations, and how the
 * order system is doing), on `router` (the app itself, so that other requests pass no router of their own).
 */
export function healthRoutes(readiness: Readiness, router: IRouter = Router()): IRouter {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = { storage: await readiness.storage(), model: readiness.model(), accepting: readiness.accepting() };
    const ready = checks.storage && checks.model && checks.accepting;
    const orderBackend = readiness.orderBackend?.();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks, ...(orderBackend ? { orderBackend } : {}) });
  });
  return router;
}
