import { Order, OrderBackend, ReturnRequest } from './orderBackend';

/** The part of the message bus the cache needs: what one instance publishes reaches every instance. */
export interface OrderChangeBus {
  publish(topic: string, message: unknown): void;
  subscribe(topic: string, handler: (message: unknown) => void): () => void;
}

export const ORDER_CHANGED_TOPIC = 'orders.changed';
const MAX_ENTRIES = 1000;

/**
 * Remembers found orders for a short while, so a customer's follow-up questions about the
 * same order do not call the shop again. A cancel or return through any instance drops the
 * order from every instance's cache (over the bus), so nobody is told a stale status.
 * Only found orders are kept: "not found" may be a typo the customer is about to fix.
 */
export class CachedOrderBackend implements OrderBackend {
  private readonly entries = new Map<string, { order: Order; until: number }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly inner: OrderBackend,
    private readonly ttlMs: number,
    private readonly bus: OrderChangeBus,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = bus.subscribe(ORDER_CHANGED_TOPIC, (message) => {
      const orderNumber = (message as { orderNumber?: unknown } | null)?.orderNumber;
      if (typeof orderNumber === 'string') this.forget(orderNumber);
    });
  }

  async findOrder(orderNumber: string, postcode: string): Promise<Order | null> {
    const key = `${orderNumber}\u0000${postcode}`;
    const cached = this.entries.get(key);
    if (cached && cached.until > this.now()) return cached.order;
    this.entries.delete(key);
    const order = await this.inner.findOrder(orderNumber, postcode);
    if (order) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { order, until: this.now() + this.ttlMs });
    }
    return order;
  }

  async cancelOrder(orderNumber: string): Promise<Order> {
    try {
      return await this.inner.cancelOrder(orderNumber);
    } finally {
      // Also after a refusal or a failure: the order evidently changed, or may have.
      this.changed(orderNumber);
    }
  }

  async registerReturn(request: ReturnRequest): Promise<{ returnId: string }> {
    try {
      return await this.inner.registerReturn(request);
    } finally {
      this.changed(request.orderNumber);
    }
  }

  close(): void {
    this.unsubscribe();
  }

  private changed(orderNumber: string): void {
    this.forget(orderNumber);
    this.bus.publish(ORDER_CHANGED_TOPIC, { orderNumber });
  }

  private forget(orderNumber: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${orderNumber}\u0000`)) this.entries.delete(key);
  }
}
