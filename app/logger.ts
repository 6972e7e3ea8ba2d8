import pino, { Logger } from 'pino';
import { RequestHandler } from 'express';

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'balie' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** One structured line per request: method, path, status, duration. */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
