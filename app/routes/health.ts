import { Router } from 'express';

export interface Readiness {
  storage(): Promise<boolean>;
  model(): boolean;
  /** False once shutdown has begun, so a load balancer stops sending traffic. */
  accepting(): boolean;
}

/** `GET /healthz` (the process is up) and `GET /readyz` (it can serve conversations). */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = { storage: await readiness.storage(), model: readiness.model(), accepting: readiness.accepting() };
    const ready = checks.storage && checks.model && checks.accepting;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  return router;
}
