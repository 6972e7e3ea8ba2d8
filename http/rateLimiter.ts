/**
 * Counts what a key (an address, an address and a username) does in a window of time, and
 * says when it has had its allowance. The window starts with the key's first count.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { started: number; count: number }>();

  constructor(private readonly options: { readonly limit: number; readonly windowMs: number; readonly now?: () => number; readonly maxKeys?: number }) {}

  /** True when the key has used up its allowance in the current window. */
  exhausted(key: string): boolean {
    const window = this.current(key);
    return window !== undefined && window.count >= this.options.limit;
  }

  /** Counts one for the key; false when that was over the allowance. */
  take(key: string): boolean {
    const window = this.current(key);
    if (window) return ++window.count <= this.options.limit;
    // Unbounded growth from many addresses is an attack of its own: forget everything at the cap.
    if (this.windows.size >= (this.options.maxKeys ?? 10_000)) this.windows.clear();
    this.windows.set(key, { started: this.now(), count: 1 });
    return this.options.limit >= 1;
  }

  /** Forgets the key (a successful login ends the count of failures). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string): { started: number; count: number } | undefined {
    const window = this.windows.get(key);
    if (window && this.now() - window.started >= this.options.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
