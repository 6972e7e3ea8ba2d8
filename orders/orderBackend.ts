/**
 * The shop's order system as the bot sees it. The sample pack ships a SQLite-backed one;
 * orders/http, orders/woocommerce and orders/shopify connect a real shop (ORDER_BACKEND).
 */

export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'returned' | 'cancelled';

/** A product name per language, or one name for every language (most shops keep one). */
export type ItemName = string | { readonly nl: string; readonly en: string };

export interface OrderItem {
  readonly sku: string;
  readonly name: ItemName;
  readonly quantity: number;
  readonly price: number;
}

export interface Order {
  readonly orderNumber: string;
  readonly postcode: string;
  readonly status: OrderStatus;
  /** Dates as YYYY-MM-DD. */
  readonly placedOn: string;
  readonly carrier?: string;
  readonly trackingCode?: string;
  readonly trackingUrl?: string;
  readonly expectedDelivery?: string;
  readonly deliveredOn?: string;
  readonly refund?: { readonly amount: number; readonly status: 'pending' | 'paid'; readonly expectedOn: string };
  readonly items: readonly OrderItem[];
}

export class OrderNotCancellableError extends Error {
  constructor(
    readonly orderNumber: string,
    readonly status: OrderStatus,
  ) {
    super(`order ${orderNumber} is ${status} and can no longer be cancelled`);
    this.name = 'OrderNotCancellableError';
  }
}

/**
 * The order system could not give an answer: unreachable, too slow, refusing Balie's
 * requests or answering something that is not an order. The bot says so honestly and
 * offers a person; it never means "no such order".
 */
export class OrderSystemUnavailableError extends Error {
  constructor(
    readonly reason: OrderSystemFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OrderSystemUnavailableError';
  }
}

export type OrderSystemFailure = 'timeout' | 'connection' | 'http_status' | 'invalid_response' | 'circuit_open';

export interface ReturnRequest {
  readonly orderNumber: string;
  readonly sku: string;
  readonly reason: string;
  readonly conversationId?: string;
}

export interface OrderBackend {
  /** The order, only when both number and postcode match (the postcode proves it is the customer's). */
  findOrder(orderNumber: string, postcode: string): Promise<Order | null>;
  /** Cancels a processing order; throws OrderNotCancellableError otherwise. */
  cancelOrder(orderNumber: string): Promise<Order>;
  registerReturn(request: ReturnRequest): Promise<{ returnId: string }>;
}

export function addDays(date: Date, days: number): Date {
  const result = new Date(date.getTime());
  result.setUTCDate(result.getUTCDate() + days);
  return result;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
