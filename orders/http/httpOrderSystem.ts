import { z } from 'zod';
import type { OrderSystem } from '../guardedOrderBackend';
import { OrderCall, unexpectedStatus } from '../orderCall';
import { Order, OrderNotCancellableError, OrderSystemUnavailableError, ReturnRequest } from '../orderBackend';
import { orderSchema } from '../orderSchema';
import { parseReply, samePostcode } from '../replyParsing';
import { signOrderRequest } from './signature';

const notCancellableSchema = z.object({ error: z.literal('not_cancellable'), status: orderSchema.shape.status });
const returnCreatedSchema = z.object({ returnId: z.string().trim().min(1).max(100) });

export interface HttpOrderSystemOptions {
  /** ORDER_BACKEND_URL, with any path prefix ("https://shop.example/balie-api"). */
  readonly baseUrl: string;
  readonly secret: string;
  readonly now?: () => Date;
}

/** Balie's own order contract (docs/ORDER-API.md): three signed endpoints on the shop's side. */
export class HttpOrderSystem implements OrderSystem {
  readonly kind = 'http';
  readonly sign;
  private readonly base: string;

  constructor(options: HttpOrderSystemOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    const now = options.now ?? (() => new Date());
    this.sign = ({ method, url, body }: { method: string; url: URL; body: string }) =>
      signOrderRequest(options.secret, { method, target: `${url.pathname}${url.search}`, body }, now());
  }

  async findOrder(orderNumber: string, postcode: string, call: OrderCall): Promise<Order | null> {
    const what = 'GET /orders/{orderNumber}';
    const reply = await call.request({ method: 'GET', url: `${this.orderUrl(orderNumber)}?postcode=${encodeURIComponent(postcode)}`, retry: true });
    if (reply.status === 404) return null;
    if (reply.status !== 200) throw unexpectedStatus(what, reply);
    const order = parseReply(orderSchema, reply.json(), what);
    if (order.orderNumber !== orderNumber)
      throw new OrderSystemUnavailableError('invalid_response', `${what}: orderNumber: is ${order.orderNumber}, not the ${orderNumber} asked for`);
    // The shop proves ownership; checking again costs nothing and keeps a shop that ignores the postcode from leaking orders.
    if (!samePostcode(order.postcode, postcode))
      throw new OrderSystemUnavailableError('invalid_response', `${what}: postcode: does not match the postcode asked for`);
    return order;
  }

  async cancelOrder(orderNumber: string, call: OrderCall): Promise<Order> {
    const what = 'POST /orders/{orderNumber}/cancel';
    const reply = await call.request({ method: 'POST', url: `${this.orderUrl(orderNumber)}/cancel`, body: '{}' });
    if (reply.status === 409) throw new OrderNotCancellableError(orderNumber, parseReply(notCancellableSchema, reply.json(), what).status);
    if (reply.status !== 200) throw unexpectedStatus(what, reply);
    return parseReply(orderSchema, reply.json(), what);
  }

  async registerReturn(request: ReturnRequest, call: OrderCall): Promise<{ returnId: string }> {
    const what = 'POST /orders/{orderNumber}/returns';
    const body = JSON.stringify({ sku: request.sku, reason: request.reason, conversationId: request.conversationId ?? null });
    const reply = await call.request({ method: 'POST', url: `${this.orderUrl(request.orderNumber)}/returns`, body });
    if (reply.status !== 201 && reply.status !== 200) throw unexpectedStatus(what, reply);
    return { returnId: parseReply(returnCreatedSchema, reply.json(), what).returnId };
  }

  private orderUrl(orderNumber: string): string {
    return `${this.base}/orders/${encodeURIComponent(orderNumber)}`;
  }
}
