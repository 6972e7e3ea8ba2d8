import type { Logger } from 'pino';
import { CircuitBreaker, CircuitState } from './circuitBreaker';
import { OrderCall, RequestSigner } from './orderCall';
import { Order, OrderBackend, OrderNotCancellableError, OrderSystemFailure, OrderSystemUnavailableError, ReturnRequest } from './orderBackend';

/** A shop's order system reached over HTTP; every request of one operation goes through `call`. */
export interface OrderSystem {
  /** The ORDER_BACKEND value, for logs, metrics and the status endpoint. */
  readonly kind: string;
  /** Adds headers computed from the request itself (the http contract's signature). */
  readonly sign?: RequestSigner;
  findOrder(orderNumber: string, postcode: string, call: OrderCall): Promise<Order | null>;
  cancelOrder(orderNumber: string, call: OrderCall): Promise<Order>;
  registerReturn(request: ReturnRequest, call: OrderCall): Promise<{ returnId: string }>;
}

export type OrderOperation = 'find' | 'cancel' | 'return';
export type OrderCallOutcome = 'ok' | OrderSystemFailure;

/** What operators see of the order backend (/readyz, Prometheus). */
export interface OrderBackendStatus {
  readonly backend: string;
  readonly circuit: CircuitState;
  readonly consecutiveFailures: number;
  /** Over the last calls (at most RECENT_CALLS). */
  readonly recent: { readonly calls: number; readonly failures: number; readonly p50Ms: number | null; readonly p95Ms: number | null };
  /** The reason only: /readyz is public, and the full message (in the log) may name an order. */
  readonly lastFailure?: { readonly reason: OrderSystemFailure; readonly at: string };
}

export interface GuardOptions {
  /** Bounds a whole operation, retries and waits included. */
  readonly deadlineMs: number;
  readonly breaker: CircuitBreaker;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Called after each operation (metrics). */
  readonly observe?: (operation: OrderOperation, outcome: OrderCallOutcome, seconds: number) => void;
}

const RECENT_CALLS = 100;

/**
 * Puts a deadline, a circuit breaker and honest errors around an order system: whatever goes
 * wrong (no answer, a refusal, nonsense, a bug in mapping the answer) comes out as
 * OrderSystemUnavailableError, which the flows turn into "I can't reach our order system".
 * Not-found (null) and not-cancellable are answers, not failures.
 */
export class GuardedOrderBackend implements OrderBackend {
  private readonly recent: { ms: number; ok: boolean }[] = [];
  private lastFailure?: OrderBackendStatus['lastFailure'];
  private readonly now: () => Date;

  constructor(
    private readonly system: OrderSystem,
    private readonly options: GuardOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  findOrder(orderNumber: string, postcode: string): Promise<Order | null> {
    return this.guard('find', (call) => this.system.findOrder(orderNumber, postcode, call));
  }

  cancelOrder(orderNumber: string): Promise<Order> {
    return this.guard('cancel', (call) => this.system.cancelOrder(orderNumber, call));
  }

  registerReturn(request: ReturnRequest): Promise<{ returnId: string }> {
    return this.guard('return', (call) => this.system.registerReturn(request, call));
  }

  status(): OrderBackendStatus {
    const sorted = this.recent.map((c) => c.ms).sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]) : null);
    return {
      backend: this.system.kind,
      circuit: this.options.breaker.state,
      consecutiveFailures: this.options.breaker.consecutiveFailures,
      recent: { calls: this.recent.length, failures: this.recent.filter((c) => !c.ok).length, p50Ms: at(0.5), p95Ms: at(0.95) },
      lastFailure: this.lastFailure,
    };
  }

  private async guard<T>(operation: OrderOperation, work: (call: OrderCall) => Promise<T>): Promise<T> {
    const { breaker, logger } = this.options;
    if (!breaker.tryAcquire()) {
      this.options.observe?.(operation, 'circuit_open', 0);
      throw new OrderSystemUnavailableError('circuit_open', `the ${this.system.kind} order system failed repeatedly; not calling it for a while`);
    }
    const started = process.hrtime.bigint();
    const call = new OrderCall(this.options.deadlineMs, this.system.sign);
    try {
      const result = await work(call);
      breaker.succeeded();
      this.record(operation, started, 'ok');
      return result;
    } catch (error) {
      if (error instanceof OrderNotCancellableError) {
        breaker.succeeded();
        this.record(operation, started, 'ok');
        throw error;
      }
      const failure =
        error instanceof OrderSystemUnavailableError
          ? error
          : new OrderSystemUnavailableError('invalid_response', `could not read the answer: ${(error as Error).message}`);
      breaker.failed();
      this.record(operation, started, failure.reason);
      this.lastFailure = { reason: failure.reason, at: this.now().toISOString() };
      logger.warn(
        {
          backend: this.system.kind,
          operation,
          reason: failure.reason,
          circuit: breaker.state,
          err: error instanceof OrderSystemUnavailableError ? undefined : error,
        },
        `order system call failed: ${failure.message}`,
      );
      throw failure;
    } finally {
      call.finish();
    }
  }

  private record(operation: OrderOperation, started: bigint, outcome: OrderCallOutcome): void {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.recent.push({ ms, ok: outcome === 'ok' });
    if (this.recent.length > RECENT_CALLS) this.recent.shift();
    this.options.observe?.(operation, outcome, ms / 1000);
  }
}
