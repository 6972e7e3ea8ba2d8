import { randomBytes } from 'crypto';
import { SampleOrderFile } from '../content/schema';
import { addDays, isoDate, Order, OrderBackend, OrderNotCancellableError, ReturnRequest } from '../orders/orderBackend';
import { SqlDatabase } from './sql/sqlDatabase';

/** Turns the pack's relative sample orders ("placed 2 days ago") into dated orders. */
export function datedSampleOrder(sample: SampleOrderFile, today: Date): Order {
  const day = (offset: number) => {
    let date = addDays(today, offset);
    if (offset > 0 && date.getUTCDay() === 0) date = addDays(date, 1); // no deliveries on Sunday
    return isoDate(date);
  };
  return {
    orderNumber: sample.orderNumber,
    postcode: sample.postcode,
    status: sample.status,
    placedOn: day(-sample.placedDaysAgo),
    carrier: sample.carrier,
    trackingCode: sample.trackingCode,
    trackingUrl: sample.trackingUrl,
    expectedDelivery: sample.expectedDeliveryInDays !== undefined ? day(sample.expectedDeliveryInDays) : undefined,
    deliveredOn: sample.deliveredDaysAgo !== undefined ? day(-sample.deliveredDaysAgo) : undefined,
    refund: sample.refund ? { amount: sample.refund.amount, status: sample.refund.status, expectedOn: day(sample.refund.expectedInDays) } : undefined,
    items: sample.items,
  };
}

/** The sample shop's order system, in the service's own database. */
export class SqlSampleOrderBackend implements OrderBackend {
  constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds sample orders that are not there yet; existing ones keep their state (a cancelled order stays cancelled). */
  async seed(samples: readonly SampleOrderFile[]): Promise<void> {
    const today = this.now();
    await this.db.transaction(async (tx) => {
      for (const sample of samples) {
        const order = datedSampleOrder(sample, today);
        await tx.run('INSERT INTO orders (order_number, postcode, status, data, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
          order.orderNumber,
          order.postcode,
          order.status,
          JSON.stringify(order),
          today.toISOString(),
        ]);
      }
    });
  }

  async findOrder(orderNumber: string, postcode: string): Promise<Order | null> {
    const row = await this.db.get<{ data: string }>('SELECT data FROM orders WHERE order_number = ? AND postcode = ?', [
      orderNumber,
      postcode.replace(/\s+/g, '').toUpperCase(),
    ]);
    return row ? (JSON.parse(row.data) as Order) : null;
  }

  async cancelOrder(orderNumber: string): Promise<Order> {
    const forUpdate = this.db.dialect === 'postgres' ? 'FOR UPDATE' : '';
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ data: string }>(`SELECT data FROM orders WHERE order_number = ? ${forUpdate}`, [orderNumber]);
      if (!row) throw new Error(`order ${orderNumber} does not exist`);
      const order = JSON.parse(row.data) as Order;
      if (order.status !== 'processing') throw new OrderNotCancellableError(orderNumber, order.status);
      const cancelled: Order = { ...order, status: 'cancelled', expectedDelivery: undefined };
      await tx.run('UPDATE orders SET status = ?, data = ?, updated_at = ? WHERE order_number = ?', [
        'cancelled',
        JSON.stringify(cancelled),
        this.now().toISOString(),
        orderNumber,
      ]);
      return cancelled;
    });
  }

  async registerReturn(request: ReturnRequest): Promise<{ returnId: string }> {
    const returnId = `R-${request.orderNumber}-${randomBytes(3).toString('hex').toUpperCase()}`;
    await this.db.run('INSERT INTO order_returns (id, order_number, sku, reason, conversation_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      returnId,
      request.orderNumber,
      request.sku,
      request.reason,
      request.conversationId ?? null,
      this.now().toISOString(),
    ]);
    return { returnId };
  }
}
