import { Limiter, RateLimits } from '../cluster/rateLimits';

export interface LoginRefusal {
  readonly status: 429;
  readonly code: 'too_many_attempts';
  readonly message: string;
  readonly retryAfterSeconds: number;
}

/** Attempts per username in 15 minutes, counted before the password is checked (so parallel tries cannot overtake the count). */
const ATTEMPTS_PER_USERNAME = 10;
/** Failed logins per address in an hour: one password sprayed over many usernames. */
const FAILURES_PER_ADDRESS = 30;
/** From this many failures in a row on a username, each next try waits 1, 2, 4 … seconds (at most MAX_DELAY_SECONDS). */
const DELAY_FROM_FAILURE = 3;
const MAX_DELAY_SECONDS = 300;

/**
 * The brute-force guard of the agent login, in the shared store: it holds across instances
 * and restarts. A success clears the username's count and gives the address its attempt back.
 */
export class LoginThrottle {
  private readonly perUsername: Limiter;
  private readonly perAddress: Limiter;
  private readonly delays: Limiter;

  constructor(limits: RateLimits) {
    this.perUsername = limits.limiter('login-username', { points: ATTEMPTS_PER_USERNAME, windowSeconds: 15 * 60, blockSeconds: 15 * 60 });
    this.perAddress = limits.limiter('login-address', { points: FAILURES_PER_ADDRESS, windowSeconds: 3600, blockSeconds: 3600 });
    this.delays = limits.limiter('login-delay', { points: 1, windowSeconds: 1 });
  }

  /** Counts the attempt; a refusal when the username or address has had its share, or must still wait. */
  async attempt(username: string, address: string): Promise<{ refusal?: LoginRefusal; failuresSoFar: number }> {
    const user = username.toLowerCase();
    const wait = await this.delays.waitSeconds(user);
    if (wait > 0) return { refusal: refusal(wait), failuresSoFar: 0 };
    const byAddress = await this.perAddress.consume(address);
    if (!byAddress.allowed) return { refusal: refusal(byAddress.retryAfterSeconds), failuresSoFar: 0 };
    const byUsername = await this.perUsername.consume(user);
    if (!byUsername.allowed) {
      await this.perAddress.refund(address);
      return { refusal: refusal(byUsername.retryAfterSeconds), failuresSoFar: byUsername.consumed - 1 };
    }
    return { failuresSoFar: byUsername.consumed - 1 };
  }

  async succeeded(username: string, address: string): Promise<void> {
    await Promise.all([this.perUsername.reset(username.toLowerCase()), this.perAddress.refund(address), this.delays.reset(username.toLowerCase())]);
  }

  /** After a wrong password: from the third failure in a row the next try has to wait, twice as long each time. */
  async failed(username: string, failuresSoFar: number): Promise<void> {
    const failures = failuresSoFar + 1;
    if (failures >= DELAY_FROM_FAILURE) await this.delays.block(username.toLowerCase(), Math.min(2 ** (failures - DELAY_FROM_FAILURE), MAX_DELAY_SECONDS));
  }
}

function refusal(retryAfterSeconds: number): LoginRefusal {
  return { status: 429, code: 'too_many_attempts', message: 'too many login attempts; try again later', retryAfterSeconds };
}
