import { randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

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
 * One structured line per request when it ends: request id (also answered as `X-Request-Id`),
 * method, path without the query string (it may hold a token), status, milliseconds; `error`
 * level for a 5xx, and a line for a request the client gave up on. Nothing is built for a
 * line the log level leaves out (this runs on every turn).
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = requestId(req, res);
    const path = (req.url ?? '').split('?', 1)[0];
    if (QUIET_PATHS.has(path)) return next();
    const started = performance.now();
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const aborted = !res.writableFinished;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = { req: { id, method: req.method, path }, res: { status: res.statusCode }, responseTime: Math.round(performance.now() - started) };
      logger[level](aborted ? { ...line, aborted } : line, aborted ? 'request aborted' : 'request');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
