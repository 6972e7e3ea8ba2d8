import { OrderSystemUnavailableError } from './orderBackend';

export interface OrderHttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers?: Record<string, string>;
  /** JSON text; sent with Content-Type application/json. */
  readonly body?: string;
  /** Retry once on a connection error or a 5xx when the deadline leaves room (reads only: a write may have happened). */
  readonly retry?: boolean;
}

export interface OrderHttpReply {
  readonly status: number;
  readonly text: string;
  /** The body parsed as JSON; a body that is not JSON is the order system's failure. */
  json(): unknown;
}

/** Signs a request just before it goes out (the http backend); the others add static headers. */
export type RequestSigner = (request: { method: string; url: URL; body: string }) => Record<string, string>;

/** A retry is only worth it when at least this much of the deadline is left. */
const MIN_RETRY_BUDGET_MS = 250;

/**
 * One operation against the order system (a lookup, a cancel, a return): every HTTP request
 * it makes shares one deadline, so a lookup that needs three requests still answers in time.
 */
export class OrderCall {
  private readonly deadline: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(
    deadlineMs: number,
    private readonly sign: RequestSigner = () => ({}),
  ) {
    this.deadline = Date.now() + deadlineMs;
    this.timer = setTimeout(() => this.controller.abort(), deadlineMs);
    this.timer.unref();
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** Waits (for a throttled API), but never past the deadline. */
  async pause(ms: number): Promise<void> {
    if (ms >= this.remainingMs()) throw new OrderSystemUnavailableError('timeout', `the order system asked to wait ${ms} ms, longer than the deadline allows`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  async request(request: OrderHttpRequest): Promise<OrderHttpReply> {
    const started = Date.now();
    try {
      const reply = await this.once(request);
      if (reply.status < 500 || !request.retry || !this.roomForRetry(started)) return reply;
    } catch (error) {
      if (!(error instanceof OrderSystemUnavailableError) || error.reason !== 'connection' || !request.retry || !this.roomForRetry(started)) throw error;
    }
    return this.once(request);
  }

  /** Stops the deadline timer; the operation is over. */
  finish(): void {
    clearTimeout(this.timer);
  }

  private roomForRetry(attemptStarted: number): boolean {
    return this.remainingMs() >= Math.max(MIN_RETRY_BUDGET_MS, Date.now() - attemptStarted);
  }

  private async once(request: OrderHttpRequest): Promise<OrderHttpReply> {
    const url = new URL(request.url);
    const body = request.body ?? '';
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'Balie order client',
      ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...request.headers,
      ...this.sign({ method: request.method, url, body }),
    };
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: request.method, headers, body: request.body, signal: this.controller.signal, redirect: 'manual' });
      text = await response.text();
    } catch (error) {
      if (this.controller.signal.aborted)
        throw new OrderSystemUnavailableError('timeout', `${request.method} ${url.pathname} did not answer within the deadline`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new OrderSystemUnavailableError('connection', `${request.method} ${url.pathname}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const status = response.status;
    return {
      status,
      text,
      json: () => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new OrderSystemUnavailableError('invalid_response', `${request.method} ${url.pathname} answered ${status} with a body that is not JSON`);
        }
      },
    };
  }
}

/** A reply the adapter did not expect (a 401, a 500 after the retry, a redirect): the order system's failure. */
export function unexpectedStatus(request: string, reply: OrderHttpReply): OrderSystemUnavailableError {
  const hint = reply.status === 401 || reply.status === 403 ? ' (check the credentials or the shared secret)' : '';
  return new OrderSystemUnavailableError('http_status', `${request} answered ${reply.status}${hint}: ${reply.text.slice(0, 200)}`);
}
