export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit fails fast before one trial call may go through. */
  readonly openMs: number;
  readonly now: () => number;
}

/**
 * Stops calling a system that keeps failing, so customers get the honest answer at once
 * instead of after a deadline each: after `failureThreshold` failures in a row every call
 * fails fast for `openMs`; then one trial call decides (success closes, failure reopens).
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt?: number;
  private trialInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.options.now() - this.openedAt >= this.options.openMs ? 'half_open' : 'open';
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a call may go out now; in the half-open state only one (the trial) at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  failed(): void {
    this.failures++;
    if (this.trialInFlight || this.failures >= this.options.failureThreshold) this.openedAt = this.options.now();
    this.trialInFlight = false;
  }
}
