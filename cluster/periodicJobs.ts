import type { Logger } from 'pino';
import { setTimeout as sleep } from 'timers/promises';
import { ClusterLocks } from './clusterLocks';

export interface PeriodicJob {
  readonly name: string;
  readonly intervalMs: number;
  /** `cluster`: one instance at a time does it (it changes shared data); `instance`: every instance does (it refreshes its own memory). */
  readonly scope: 'cluster' | 'instance';
  readonly run: () => Promise<unknown>;
}

/**
 * Background work on timers. A cluster-scoped job takes a lock named after it and skips the
 * round when another instance holds it, so work that must happen once happens once.
 */
export class PeriodicJobs {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly locks: ClusterLocks,
    private readonly logger: Logger,
  ) {}

  start(jobs: readonly PeriodicJob[]): void {
    for (const job of jobs) {
      const timer = setInterval(() => this.runOnce(job), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs a job now (unless it is still running from the last round); resolves when done. */
  runOnce(job: PeriodicJob): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const previous = this.running.get(job.name);
    if (previous) return previous;
    const round = (async () => {
      try {
        if (job.scope === 'instance') await job.run();
        else await this.locks.tryWithLock(`job:${job.name}`, job.run);
      } catch (error) {
        this.logger.error({ err: error, job: job.name }, 'background job failed');
      }
    })();
    this.running.set(job.name, round);
    void round.finally(() => this.running.delete(job.name));
    return round;
  }

  /** No new rounds; waits up to `waitMs` for the running ones. */
  async stop(waitMs = 2_000): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.race([Promise.all([...this.running.values()]), sleep(waitMs, undefined, { ref: false })]);
  }
}
