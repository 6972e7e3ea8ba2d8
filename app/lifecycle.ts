import { Express } from 'express';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import type { Logger } from 'pino';
import { DirectLineActivityLog } from '../channels/directLine/activityLog';
import { attachDirectLineStream, DirectLineStream } from '../channels/directLine/stream';
import { DirectLineTokens } from '../channels/directLine/tokens';
import { PeriodicJobs } from '../cluster/periodicJobs';
import { InFlightTracker } from '../http/inFlight';
import { OpenStreams } from '../http/openStreams';
import { Config } from './config';
import { BackgroundJobs } from './wiring/jobs';

export interface LifecycleParts {
  readonly config: Config;
  readonly logger: Logger;
  readonly app: Express;
  readonly jobs: PeriodicJobs;
  readonly backgroundJobs: BackgroundJobs;
  readonly inFlight: InFlightTracker;
  readonly streams: OpenStreams;
  readonly directLine: { log: DirectLineActivityLog; tokens: DirectLineTokens };
  /** Where the service reaches itself (its own Direct Line connector), set once it listens. */
  readonly self: { baseUrl: string };
  /** What runs once before the server listens (the first admin account). */
  readonly beforeListening: () => Promise<void>;
  /** What finishes while the server still answers (the relay's deliveries over its own connector). */
  readonly finishWork: () => Promise<void>;
  /** What closes last (the subscriptions, the store). */
  readonly release: () => Promise<void>;
  /** For the log line: anonymous Bot Framework mode, the store, this instance. */
  readonly describe: Record<string, unknown> & { anonymous: boolean };
}

/** Start, ready, drain, stop. */
export class Lifecycle {
  private server?: Server;
  private stream?: DirectLineStream;
  private accepting = true;

  constructor(private readonly parts: LifecycleParts) {}

  /** False once shutdown began: readiness turns 503 and new requests are refused. */
  isAccepting(): boolean {
    return this.accepting;
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  async listen(): Promise<AddressInfo> {
    const { config, logger, app, jobs, backgroundJobs } = this.parts;
    await this.parts.beforeListening();
    jobs.start(backgroundJobs.all);
    setTimeout(() => backgroundJobs.atStart.forEach((job) => void jobs.runOnce(job)), 0).unref();
    return new Promise((resolveListen, reject) => {
      const server = (this.server = createServer(app));
      this.stream = attachDirectLineStream(server, this.parts.directLine.log, this.parts.directLine.tokens, logger);
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        const address = server.address() as AddressInfo;
        // The bot reaches its own Direct Line connector over loopback.
        const host = ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(config.host) ? '127.0.0.1' : config.host;
        this.parts.self.baseUrl = `http://${host}:${address.port}`;
        const { anonymous } = this.parts.describe;
        if (anonymous && config.nodeEnv === 'production') {
          logger.warn(
            'anonymous Bot Framework mode in production (BALIE_ALLOW_ANONYMOUS=true): /api/messages is not authenticated; keep it on a closed network',
          );
        }
        logger.info(
          { port: address.port, host: config.host, ...this.parts.describe },
          anonymous ? 'Balie listening (anonymous Bot Framework mode: local development only)' : 'Balie listening',
        );
        resolveListen(address);
      });
    });
  }

  /**
   * Stops taking new work (readiness turns 503), closes live streams so clients reconnect to
   * another instance, lets in-flight turns finish (up to the shutdown timeout), then releases
   * the rest (the database last).
   */
  async close(): Promise<void> {
    const { config, logger, inFlight, streams, jobs } = this.parts;
    this.accepting = false;
    const server = this.server;
    const closed = server ? new Promise<void>((resolveClose) => server.close(() => resolveClose())) : Promise.resolve();
    server?.closeIdleConnections();
    // Live streams go first: their clients reconnect to another instance and read what they missed from the database.
    this.stream?.close();
    streams.closeAll();
    if (!(await inFlight.drain(config.shutdownTimeoutMs))) logger.warn({ active: inFlight.active }, 'shutdown timeout reached with turns still running');
    await jobs.stop();
    await this.parts.finishWork();
    server?.closeAllConnections();
    await closed;
    await this.parts.release();
    logger.info('Balie stopped');
  }
}
