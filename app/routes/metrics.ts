import { IRouter, Router } from 'express';
import { sendError } from '../../http/errors';
import { ServiceMetrics } from '../../http/metrics';
import { RequestAuthenticator } from '../requestAuthenticator';

/** `GET /metrics` in the Prometheus text format, on `router`. */
export function metricsRoute(metrics: ServiceMetrics, authenticator: RequestAuthenticator, router: IRouter = Router()): IRouter {
  router.get('/metrics', async (req, res) => {
    if (!(await authenticator.isAuthorized(req))) return sendError(res, 401, 'unauthorized', 'a valid bearer token is required');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
