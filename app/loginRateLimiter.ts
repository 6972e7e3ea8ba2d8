/** Slows down password guessing: after `maxFailures` failed logins for a key, it is blocked for `windowMs`. */
export class LoginRateLimiter {
  private readonly failures = new Map<string, { count: number; first: number }>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  blocked(key: string): boolean {
    const entry = this.failures.get(key);
    if (!entry) return false;
    if (this.now() - entry.first > this.windowMs) {
      this.failures.delete(key);
      return false;
    }
    return entry.count >= this.maxFailures;
  }

  failed(key: string): void {
    const entry = this.failures.get(key);
    if (!entry || this.now() - entry.first > this.windowMs) this.failures.set(key, { count: 1, first: this.now() });
    else entry.count++;
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}
