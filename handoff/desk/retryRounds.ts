import { setTimeout as sleep } from 'timers/promises';
import { ClaimTimes } from '../ticketStore';

/** How long to wait before the next attempt: `firstMs`, doubling with each failure, at most an hour. */
export function retryDelayMs(attemptsSoFar: number, firstMs: number): number {
  return Math.min(firstMs * 2 ** Math.max(0, attemptsSoFar - 1), 3_600_000);
}

/** What is due on the business clock; the claim a lease on the real one (instances share real time, not a test's clock). */
export function claimTimes(businessNow: Date, claimSeconds: number): ClaimTimes {
  const real = Date.now();
  return { dueBy: businessNow.toISOString(), leaseNow: new Date(real).toISOString(), leaseUntil: new Date(real + claimSeconds * 1000).toISOString() };
}

/**
 * Rounds of outgoing work (deliveries, webhook events): a round asked for while one runs is
 * run once more afterwards instead of at the same time; `work` returns true when more is
 * waiting than one round took.
 */
export class RetryRounds {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly work: () => Promise<boolean>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        if (await this.work()) this.again = true;
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Waits up to `waitMs` for a round in progress. */
  async stop(waitMs = 2_000): Promise<void> {
    if (this.running) await Promise.race([this.running.catch(() => undefined), sleep(waitMs, undefined, { ref: false })]);
  }
}
