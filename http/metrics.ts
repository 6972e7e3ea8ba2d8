import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestHandler } from 'express';

/** The service's Prometheus metrics, on a registry of its own so several services can live in one process (tests). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'balie_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'balie_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly activities = new Counter({
    name: 'balie_activities_total',
    help: 'Inbound Bot Framework activities accepted, by channel and type',
    labelNames: ['channel', 'type'] as const,
    registers: [this.registry],
  });
  readonly intents = new Counter({
    name: 'balie_intents_total',
    help: 'Customer messages by recognised intent (none = out of scope) and language',
    labelNames: ['intent', 'language'] as const,
    registers: [this.registry],
  });
  readonly analyticsDropped = new Counter({
    name: 'balie_analytics_dropped_total',
    help: 'Analytics writes dropped because storage was unavailable for so long that the write-behind queue filled up',
    registers: [this.registry],
  });
  readonly turnErrors = new Counter({
    name: 'balie_turn_errors_total',
    help: 'Turns that failed and got the apology instead of an answer',
    registers: [this.registry],
  });

  readonly lockWait = new Histogram({
    name: 'balie_lock_wait_seconds',
    help: 'Time spent waiting for a conversation or job lock shared by the instances',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly fanOutLag = new Histogram({
    name: 'balie_fanout_lag_seconds',
    help: 'Time from an event published on another instance to its arrival here (PostgreSQL only)',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly orderCalls = new Histogram({
    name: 'balie_order_backend_call_duration_seconds',
    help: "Calls to the shop's order system by operation (find, cancel, return) and outcome (ok, timeout, connection, http_status, invalid_response, circuit_open)",
    labelNames: ['backend', 'operation', 'outcome'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'balie_' });
  }

  /** Gauges read from the store at scrape time: the connection pool and the agent messages waiting for delivery. */
  observeStore(store: {
    poolStats(): { total: number; idle: number; waiting: number } | undefined;
    outboxBacklog(): Promise<number>;
    /** Ticket answers and notices not sent yet, per channel ('email' is the outbound mail backlog). */
    ticketBacklog(): Promise<Record<string, number>>;
    webhookBacklog(): Promise<number>;
  }): void {
    new Gauge({
      name: 'balie_db_pool_connections',
      help: 'PostgreSQL pool connections: total open, idle, and callers waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const stats = store.poolStats();
        if (!stats) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
    new Gauge({
      name: 'balie_outbox_backlog',
      help: 'Agent messages stored but not yet delivered to the customer',
      registers: [this.registry],
      async collect() {
        this.set(await store.outboxBacklog());
      },
    });
    new Gauge({
      name: 'balie_ticket_deliveries_pending',
      help: 'Ticket answers and notices waiting to be sent (or retried), per channel; channel="email" is the outbound mail backlog',
      labelNames: ['channel'] as const,
      registers: [this.registry],
      async collect() {
        const backlog = await store.ticketBacklog();
        this.reset();
        this.set({ channel: 'email' }, backlog.email ?? 0);
        for (const [channel, count] of Object.entries(backlog)) this.set({ channel }, count);
      },
    });
    new Gauge({
      name: 'balie_ticket_webhook_backlog',
      help: 'Ticket events not yet accepted by the helpdesk webhook (TICKETS_WEBHOOK_URL)',
      registers: [this.registry],
      async collect() {
        this.set(await store.webhookBacklog());
      },
    });
  }

  /** The order backend's circuit, read at scrape time: 1 while calls fail fast, 0 otherwise. */
  observeOrderBackend(status: () => { backend: string; circuit: string; consecutiveFailures: number }): void {
    new Gauge({
      name: 'balie_order_backend_circuit_open',
      help: "1 while the shop's order system is considered down and calls fail fast (circuit open or half open), else 0",
      labelNames: ['backend'] as const,
      registers: [this.registry],
      collect() {
        const current = status();
        this.set({ backend: current.backend }, current.circuit === 'closed' ? 0 : 1);
      },
    });
    new Gauge({
      name: 'balie_order_backend_consecutive_failures',
      help: "Failed calls to the shop's order system since the last one that worked",
      labelNames: ['backend'] as const,
      registers: [this.registry],
      collect() {
        const current = status();
        this.set({ backend: current.backend }, current.consecutiveFailures);
      },
    });
  }

  /** Counts and times every request, labelled by the route pattern (never the raw path, which would explode the label set). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const stop = this.httpDuration.startTimer();
      res.on('finish', () => {
        const pattern = (req.route as { path?: unknown } | undefined)?.path;
        const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
        this.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
        stop({ method: req.method, route });
      });
      next();
    };
  }
}
