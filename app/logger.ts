import pino, { Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'balie' }, timestamp: pino.stdTimeFunctions.isoTime });
}
