import type { Response } from 'express';

/**
 * The long-lived responses (Server-Sent Events) this instance serves. On shutdown they are
 * ended, so browsers reconnect (EventSource does so by itself) to an instance that stays.
 */
export class OpenStreams {
  private readonly open = new Set<Response>();
  private closing = false;

  /** False once shutdown began: the caller refuses the new stream. */
  add(res: Response): boolean {
    if (this.closing) return false;
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    return true;
  }

  /** True while the instance is shutting down: a stream closing now is not the agent leaving. */
  get shuttingDown(): boolean {
    return this.closing;
  }

  get size(): number {
    return this.open.size;
  }

  closeAll(): void {
    this.closing = true;
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
