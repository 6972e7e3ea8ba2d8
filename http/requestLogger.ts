import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import pino, { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Probes a load balancer or Prometheus calls every few seconds: not worth a log line each. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** A request id from the caller (`X-Request-Id`, e.g. set by the load balancer) if it is sane, else a new one. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * One structured line per request (pino-http): request id (also answered as `X-Request-Id`
 * and on `req.log`), method, path without the query string (it may hold a token), status, time.
 */
export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: requestId,
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
    customLogLevel: (_req, res, error): pino.LevelWithSilent => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
