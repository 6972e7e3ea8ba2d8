import { z } from 'zod';
import type { OrderSystem } from '../guardedOrderBackend';
import { parseReply, samePostcode } from '../replyParsing';
import { OrderCall, OrderHttpReply, unexpectedStatus } from '../orderCall';
import { addDays, isoDate, Order, OrderNotCancellableError, OrderStatus, OrderSystemUnavailableError, ReturnRequest } from '../orderBackend';

const money = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);
const wooDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'must be a WooCommerce date-time');

const trackingItemSchema = z.object({
  tracking_provider: z.string().optional(),
  custom_tracking_provider: z.string().optional(),
  custom_tracking_link: z.string().optional(),
  tracking_number: z.string(),
  // Unix seconds, as a string or a number.
  date_shipped: z.union([z.string(), z.number()]).optional(),
});

/** The fields of a WooCommerce REST v3 order that Balie reads; everything else is ignored. */
const wooOrderSchema = z.object({
  id: z.number().int(),
  number: z.union([z.string(), z.number()]).transform(String),
  status: z.string(),
  date_created: wooDate,
  date_completed: wooDate.nullish(),
  billing: z.object({ postcode: z.string().nullish() }).nullish(),
  shipping: z.object({ postcode: z.string().nullish() }).nullish(),
  line_items: z.array(
    z.object({
      id: z.number().int(),
      name: z.string().min(1),
      sku: z.string().nullish(),
      product_id: z.number().int().nullish(),
      quantity: z.number().int().positive(),
      price: money,
    }),
  ),
  meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).default([]),
  refunds: z.array(z.object({ id: z.number().int() })).default([]),
});
type WooOrder = z.infer<typeof wooOrderSchema>;

const refundsSchema = z.array(z.object({ date_created: wooDate, amount: money, refunded_payment: z.boolean().optional() }));
const noteSchema = z.object({ id: z.number().int() });

/** Balie's status for each WooCommerce status; custom "shipped"/"delivered" statuses (plugins) are understood too. */
const STATUS: Record<string, OrderStatus> = {
  pending: 'processing',
  'on-hold': 'processing',
  processing: 'processing',
  completed: 'delivered',
  cancelled: 'cancelled',
  failed: 'cancelled',
  refunded: 'returned',
  shipped: 'shipped',
  delivered: 'delivered',
};
const CANCELLABLE = new Set(['pending', 'on-hold', 'processing']);
/** A parcel marked shipped this many days ago or less is taken to be still on its way (WooCommerce records no delivery). */
export const TRANSIT_DAYS = 2;
/** How long a refund WooCommerce has recorded takes to reach the customer's account. */
export const REFUND_DAYS = 5;

const CARRIERS: Record<string, string> = {
  postnl: 'PostNL',
  'dhl-parcel': 'DHL',
  dhl: 'DHL',
  dpd: 'DPD',
  ups: 'UPS',
  gls: 'GLS',
  bpost: 'bpost',
  fedex: 'FedEx',
  'royal-mail': 'Royal Mail',
  'deutsche-post': 'Deutsche Post',
};

export interface WooCommerceOptions {
  readonly url: string;
  readonly key: string;
  readonly secret: string;
  readonly now?: () => Date;
}

/** WooCommerce REST API v3 with a consumer key and secret (HTTP Basic auth, which WooCommerce accepts over HTTPS only). */
export class WooCommerceOrderSystem implements OrderSystem {
  readonly kind = 'woocommerce';
  private readonly api: string;
  private readonly auth: string;
  private readonly now: () => Date;

  constructor(options: WooCommerceOptions) {
    this.api = `${options.url.replace(/\/+$/, '')}/wp-json/wc/v3`;
    this.auth = `Basic ${Buffer.from(`${options.key}:${options.secret}`).toString('base64')}`;
    this.now = options.now ?? (() => new Date());
  }

  async findOrder(orderNumber: string, postcode: string, call: OrderCall): Promise<Order | null> {
    const order = await this.byNumber(orderNumber, call);
    if (!order) return null;
    const matching = [order.shipping?.postcode, order.billing?.postcode].find((candidate) => candidate && samePostcode(candidate, postcode));
    if (!matching) return null;
    return this.toOrder(order, orderNumber, matching, call);
  }

  async cancelOrder(orderNumber: string, call: OrderCall): Promise<Order> {
    const order = await this.existing(orderNumber, call);
    if (!CANCELLABLE.has(order.status)) throw new OrderNotCancellableError(orderNumber, this.status(order));
    const reply = await call.request({
      method: 'PUT',
      url: `${this.api}/orders/${order.id}`,
      headers: this.headers(),
      body: JSON.stringify({ status: 'cancelled' }),
    });
    if (reply.status !== 200) throw unexpectedStatus('PUT /orders/{id}', reply);
    const cancelled = parseReply(wooOrderSchema, reply.json(), 'PUT /orders/{id}');
    return this.toOrder(cancelled, orderNumber, cancelled.shipping?.postcode || cancelled.billing?.postcode || '', call);
  }

  async registerReturn(request: ReturnRequest, call: OrderCall): Promise<{ returnId: string }> {
    const order = await this.existing(request.orderNumber, call);
    const note = [
      `Return requested through the support chat: SKU ${request.sku}, reason: ${request.reason}.`,
      request.conversationId ? `Conversation: ${request.conversationId}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const reply = await call.request({
      method: 'POST',
      url: `${this.api}/orders/${order.id}/notes`,
      headers: this.headers(),
      body: JSON.stringify({ note, customer_note: false }),
    });
    if (reply.status !== 201 && reply.status !== 200) throw unexpectedStatus('POST /orders/{id}/notes', reply);
    return { returnId: String(parseReply(noteSchema, reply.json(), 'POST /orders/{id}/notes').id) };
  }

  /**
   * The order the customer knows by this number: a sequential-order-number plugin makes the
   * number differ from the post id, so search by number first, then try it as the id.
   */
  private async byNumber(orderNumber: string, call: OrderCall): Promise<WooOrder | null> {
    const search = await this.get(`/orders?search=${encodeURIComponent(orderNumber)}&per_page=20`, call);
    if (search.status !== 200) throw unexpectedStatus('GET /orders?search', search);
    const found = parseReply(z.array(wooOrderSchema), search.json(), 'GET /orders?search').find(
      (order) => order.number === orderNumber || order.meta_data.some((meta) => meta.key === '_order_number' && String(meta.value) === orderNumber),
    );
    if (found) return found;
    if (!/^\d{1,18}$/.test(orderNumber)) return null;
    const byId = await this.get(`/orders/${orderNumber}`, call);
    if (byId.status === 404) return null;
    if (byId.status !== 200) throw unexpectedStatus('GET /orders/{id}', byId);
    return parseReply(wooOrderSchema, byId.json(), 'GET /orders/{id}');
  }

  private async existing(orderNumber: string, call: OrderCall): Promise<WooOrder> {
    const order = await this.byNumber(orderNumber, call);
    // The flows only change orders they have just found; one that is gone now is the shop's inconsistency.
    if (!order) throw new OrderSystemUnavailableError('http_status', `order ${orderNumber} was found a moment ago but is not there now`);
    return order;
  }

  private status(order: WooOrder, tracking = this.tracking(order)): OrderStatus {
    const mapped = STATUS[order.status] ?? 'processing';
    if (mapped === 'delivered' && order.status === 'completed') {
      const shipped = tracking?.shippedOn;
      if (shipped && isoDate(addDays(new Date(`${shipped}T00:00:00Z`), TRANSIT_DAYS)) > isoDate(this.now())) return 'shipped';
    }
    return mapped;
  }

  private tracking(order: WooOrder): { carrier?: string; code: string; url?: string; shippedOn?: string } | undefined {
    const meta = order.meta_data.find((m) => m.key === '_wc_shipment_tracking_items');
    const items = z.array(trackingItemSchema).safeParse(meta?.value);
    if (!items.success || items.data.length === 0) return undefined;
    const latest = items.data[items.data.length - 1];
    const provider =
      latest.custom_tracking_provider || (latest.tracking_provider ? (CARRIERS[latest.tracking_provider] ?? latest.tracking_provider) : undefined);
    const seconds = Number(latest.date_shipped);
    const link = latest.custom_tracking_link && /^https?:\/\//.test(latest.custom_tracking_link) ? latest.custom_tracking_link : undefined;
    return {
      carrier: provider || undefined,
      code: latest.tracking_number,
      url: link,
      shippedOn: Number.isFinite(seconds) && seconds > 0 ? isoDate(new Date(seconds * 1000)) : undefined,
    };
  }

  private async toOrder(order: WooOrder, orderNumber: string, postcode: string, call: OrderCall): Promise<Order> {
    const tracking = this.tracking(order);
    const status = this.status(order, tracking);
    const day = (value: string) => value.slice(0, 10);
    return {
      orderNumber,
      postcode,
      status,
      placedOn: day(order.date_created),
      carrier: tracking?.carrier,
      trackingCode: tracking?.code,
      trackingUrl: tracking?.url,
      expectedDelivery: status === 'shipped' && tracking?.shippedOn ? isoDate(addDays(new Date(`${tracking.shippedOn}T00:00:00Z`), TRANSIT_DAYS)) : undefined,
      // WooCommerce records no delivery date: the day the shop completed the order stands in for it.
      deliveredOn: status === 'delivered' && order.date_completed ? day(order.date_completed) : undefined,
      refund: order.refunds.length ? await this.refund(order.id, call) : undefined,
      items: order.line_items.map((item) => ({
        sku: item.sku || `product-${item.product_id ?? item.id}`,
        name: item.name,
        quantity: item.quantity,
        price: item.price,
      })),
    };
  }

  private async refund(orderId: number, call: OrderCall): Promise<Order['refund']> {
    const reply = await this.get(`/orders/${orderId}/refunds`, call);
    if (reply.status !== 200) throw unexpectedStatus('GET /orders/{id}/refunds', reply);
    const refunds = parseReply(refundsSchema, reply.json(), 'GET /orders/{id}/refunds');
    if (refunds.length === 0) return undefined;
    const latest = refunds.map((r) => r.date_created.slice(0, 10)).sort()[refunds.length - 1];
    return {
      amount: Math.round(refunds.reduce((sum, r) => sum + Math.abs(r.amount), 0) * 100) / 100,
      status: 'paid',
      expectedOn: isoDate(addDays(new Date(`${latest}T00:00:00Z`), REFUND_DAYS)),
    };
  }

  private get(path: string, call: OrderCall): Promise<OrderHttpReply> {
    return call.request({ method: 'GET', url: `${this.api}${path}`, headers: this.headers(), retry: true });
  }

  private headers(): Record<string, string> {
    return { Authorization: this.auth };
  }
}
