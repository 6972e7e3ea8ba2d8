/**
 * Limits on how often a key (an address, a username, a conversation) may do something,
 * counted in the shared store so they hold across instances and restarts.
 */
export interface LimitPolicy {
  /** Allowed per window. */
  readonly points: number;
  readonly windowSeconds: number;
  /** Once over the limit, refuse for this long (default: until the window ends). */
  readonly blockSeconds?: number;
}

export interface LimitDecision {
  readonly allowed: boolean;
  /** Counted in the current window, this call included. */
  readonly consumed: number;
  /** When refused: seconds until the key may try again (for Retry-After). */
  readonly retryAfterSeconds: number;
}

export interface Limiter {
  /** Counts `points` for the key (atomically, across instances) and says whether that was within the limit. */
  consume(key: string, points?: number): Promise<LimitDecision>;
  /** What the key has used, without counting. */
  peek(key: string): Promise<number>;
  /** Gives points back (an attempt counted in advance that turned out fine). */
  refund(key: string, points?: number): Promise<void>;
  /** Refuses the key for `seconds` from now (a progressive delay). */
  block(key: string, seconds: number): Promise<void>;
  /** Seconds the key must still wait (0: it may go ahead), without counting. */
  waitSeconds(key: string): Promise<number>;
  /** Forgets the key's count (a successful login). */
  reset(key: string): Promise<void>;
}

export interface ConsumeRequest {
  readonly limiter: Limiter;
  readonly key: string;
  readonly points?: number;
}

export interface RateLimits {
  /** A limiter for one purpose; `name` keeps its keys apart from other limiters'. */
  limiter(name: string, policy: LimitPolicy): Limiter;
  /** Counts several keys of this store's limiters at once (one statement, one round trip); the decisions in the order asked. */
  consumeTogether(requests: readonly ConsumeRequest[]): Promise<LimitDecision[]>;
  /** Forgets counts whose window has ended (a periodic job). */
  removeExpired(): Promise<number>;
}
