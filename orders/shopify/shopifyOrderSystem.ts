import { z } from 'zod';
import type { OrderSystem } from '../guardedOrderBackend';
import { OrderCall, unexpectedStatus } from '../orderCall';
import { addDays, isoDate, Order, OrderNotCancellableError, OrderStatus, OrderSystemUnavailableError, ReturnRequest } from '../orderBackend';
import { parseReply, samePostcode } from '../replyParsing';

const ORDER_FIELDS = `
  id
  name
  createdAt
  cancelledAt
  displayFinancialStatus
  displayFulfillmentStatus
  shippingAddress { zip }
  billingAddress { zip }
  lineItems(first: 50) { nodes { id sku name quantity originalUnitPriceSet { shopMoney { amount } } } }
  fulfillments(first: 10) {
    status
    displayStatus
    createdAt
    deliveredAt
    estimatedDeliveryAt
    trackingInfo(first: 1) { company number url }
    fulfillmentLineItems(first: 50) { nodes { id lineItem { id } } }
  }
  refunds(first: 10) { createdAt totalRefundedSet { shopMoney { amount } } }`;

const FIND_ORDER = `query BalieFindOrder($query: String!) { orders(first: 5, query: $query) { nodes { ${ORDER_FIELDS} } } }`;
const CANCEL_ORDER = `mutation BalieCancelOrder($orderId: ID!) {
  orderCancel(orderId: $orderId, reason: CUSTOMER, refundMethod: { originalPaymentMethodsRefund: true }, restock: true, notifyCustomer: true, staffNote: "Cancelled by the customer in the support chat") {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;
const REQUEST_RETURN = `mutation BalieRequestReturn($input: ReturnRequestInput!) {
  returnRequest(input: $input) { return { id status } userErrors { field message } }
}`;

const money = z.object({
  shopMoney: z.object({
    amount: z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  }),
});
const shopifyDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'must be an ISO date-time');

/** The fields of a Shopify Admin GraphQL Order that Balie asks for. */
const shopifyOrderSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  createdAt: shopifyDate,
  cancelledAt: shopifyDate.nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  shippingAddress: z.object({ zip: z.string().nullish() }).nullish(),
  billingAddress: z.object({ zip: z.string().nullish() }).nullish(),
  lineItems: z.object({
    nodes: z.array(
      z.object({ id: z.string(), sku: z.string().nullish(), name: z.string().min(1), quantity: z.number().int().nonnegative(), originalUnitPriceSet: money }),
    ),
  }),
  fulfillments: z.array(
    z.object({
      status: z.string(),
      displayStatus: z.string().nullish(),
      createdAt: shopifyDate,
      deliveredAt: shopifyDate.nullish(),
      estimatedDeliveryAt: shopifyDate.nullish(),
      trackingInfo: z.array(z.object({ company: z.string().nullish(), number: z.string().nullish(), url: z.string().nullish() })),
      fulfillmentLineItems: z.object({ nodes: z.array(z.object({ id: z.string(), lineItem: z.object({ id: z.string() }) })) }),
    }),
  ),
  refunds: z.array(z.object({ createdAt: shopifyDate, totalRefundedSet: money })),
});
type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;

const findReplySchema = z.object({ orders: z.object({ nodes: z.array(shopifyOrderSchema) }) });
const cancelReplySchema = z.object({
  orderCancel: z.object({ orderCancelUserErrors: z.array(z.object({ message: z.string(), code: z.string().nullish() })) }).nullable(),
});
const returnReplySchema = z.object({
  returnRequest: z.object({ return: z.object({ id: z.string() }).nullish(), userErrors: z.array(z.object({ message: z.string() })) }).nullable(),
});
const graphqlReplySchema = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).passthrough().optional() })).optional(),
  extensions: z
    .object({
      cost: z
        .object({
          requestedQueryCost: z.number().optional(),
          throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number().positive() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

/** Balie's return reasons (stored in English) as Shopify's ReturnReason values. */
const RETURN_REASONS: Record<string, string> = {
  "doesn't fit": 'SIZE_TOO_SMALL',
  "don't like it": 'UNWANTED',
  damaged: 'DEFECTIVE',
  'wrong item': 'WRONG_ITEM',
};

/** Fulfillment display statuses that mean the parcel reached the customer. */
const DELIVERED = new Set(['DELIVERED', 'PICKED_UP']);
const REFUND_DAYS = 5;
/** Throttled requests are retried this many times (each after the wait Shopify's numbers ask for). */
const THROTTLE_RETRIES = 2;

export interface ShopifyOptions {
  /** https://{shop}.myshopify.com, or a local fake in tests (SHOPIFY_API_URL). */
  readonly apiUrl: string;
  readonly accessToken: string;
  readonly apiVersion: string;
}

/** Shopify Admin GraphQL API: orders by name ("#1001"), the shipping zip as proof, orderCancel and returnRequest. */
export class ShopifyOrderSystem implements OrderSystem {
  readonly kind = 'shopify';
  private readonly endpoint: string;

  constructor(private readonly options: ShopifyOptions) {
    this.endpoint = `${options.apiUrl.replace(/\/+$/, '')}/admin/api/${options.apiVersion}/graphql.json`;
  }

  async findOrder(orderNumber: string, postcode: string, call: OrderCall): Promise<Order | null> {
    const order = await this.byName(orderNumber, call);
    if (!order) return null;
    // The shipping address proves it; an order without one (a download, a pickup) is proven by the billing address.
    const zip = order.shippingAddress ? order.shippingAddress.zip : order.billingAddress?.zip;
    if (!zip || !samePostcode(zip, postcode)) return null;
    return this.toOrder(order, orderNumber, zip);
  }

  async cancelOrder(orderNumber: string, call: OrderCall): Promise<Order> {
    const order = await this.existing(orderNumber, call);
    const status = this.status(order);
    if (status !== 'processing' || order.fulfillments.some((f) => f.status === 'SUCCESS')) throw new OrderNotCancellableError(orderNumber, status);
    const data = parseReply(cancelReplySchema, await this.graphql(CANCEL_ORDER, { orderId: order.id }, call), 'orderCancel');
    const errors = data.orderCancel?.orderCancelUserErrors ?? [];
    if (errors.length) {
      // Fulfilled in the meantime, or already cancelled: the customer hears the order's real state.
      const fresh = await this.existing(orderNumber, call);
      const freshStatus = this.status(fresh);
      if (freshStatus !== 'processing') throw new OrderNotCancellableError(orderNumber, freshStatus);
      throw new OrderSystemUnavailableError('invalid_response', `orderCancel: ${errors.map((e) => e.code ?? e.message).join(', ')}`);
    }
    // orderCancel runs as a job: the order is cancelled once it is done, which Shopify does within seconds.
    return { ...this.toOrder(order, orderNumber, order.shippingAddress?.zip ?? order.billingAddress?.zip ?? ''), status: 'cancelled' };
  }

  async registerReturn(request: ReturnRequest, call: OrderCall): Promise<{ returnId: string }> {
    const order = await this.existing(request.orderNumber, call);
    const lineItem = order.lineItems.nodes.find((item) => this.sku(item) === request.sku);
    const fulfilled = lineItem && order.fulfillments.flatMap((f) => f.fulfillmentLineItems.nodes).find((f) => f.lineItem.id === lineItem.id);
    if (!fulfilled) throw new OrderSystemUnavailableError('invalid_response', `returnRequest: no fulfilled line item with SKU ${request.sku}`);
    const input = {
      orderId: order.id,
      returnLineItems: [
        {
          fulfillmentLineItemId: fulfilled.id,
          quantity: 1,
          returnReason: RETURN_REASONS[request.reason.toLowerCase()] ?? 'OTHER',
          customerNote: `${request.reason} (support chat${request.conversationId ? ` ${request.conversationId}` : ''})`.slice(0, 300),
        },
      ],
    };
    const data = parseReply(returnReplySchema, await this.graphql(REQUEST_RETURN, { input }, call), 'returnRequest');
    const created = data.returnRequest?.return;
    if (!created)
      throw new OrderSystemUnavailableError(
        'invalid_response',
        `returnRequest: ${(data.returnRequest?.userErrors ?? []).map((e) => e.message).join('; ') || 'no return'}`,
      );
    // "gid://shopify/Return/945000954" → "945000954": what the shop's admin shows.
    return { returnId: created.id.split('/').pop() ?? created.id };
  }

  private async byName(orderNumber: string, call: OrderCall): Promise<ShopifyOrder | null> {
    const name = orderNumber.replace(/^#/, '');
    const data = parseReply(findReplySchema, await this.graphql(FIND_ORDER, { query: `name:${name}` }, call), 'orders');
    return data.orders.nodes.find((order) => order.name.replace(/^#/, '') === name) ?? null;
  }

  private async existing(orderNumber: string, call: OrderCall): Promise<ShopifyOrder> {
    const order = await this.byName(orderNumber, call);
    if (!order) throw new OrderSystemUnavailableError('http_status', `order ${orderNumber} was found a moment ago but is not there now`);
    return order;
  }

  /**
   * One GraphQL request. Shopify limits by query cost: a THROTTLED answer says how many points
   * are available and how fast they come back, so wait exactly that long (within the deadline) and retry.
   */
  private async graphql(query: string, variables: Record<string, unknown>, call: OrderCall): Promise<unknown> {
    const isRead = query.trimStart().startsWith('query');
    for (let attempt = 0; ; attempt++) {
      const reply = await call.request({
        method: 'POST',
        url: this.endpoint,
        headers: { 'X-Shopify-Access-Token': this.options.accessToken },
        body: JSON.stringify({ query, variables }),
        // Reads only: a mutation that failed with a 5xx may still have happened.
        retry: isRead,
      });
      if (reply.status !== 200 && reply.status !== 429) throw unexpectedStatus('POST graphql.json', reply);
      const body = parseReply(graphqlReplySchema, reply.json(), 'graphql');
      const throttled = reply.status === 429 || body.errors?.some((e) => e.extensions?.code === 'THROTTLED');
      if (throttled) {
        if (attempt >= THROTTLE_RETRIES) throw new OrderSystemUnavailableError('http_status', 'Shopify kept throttling the requests');
        await call.pause(throttleWaitMs(body.extensions?.cost));
        continue;
      }
      if (body.errors?.length)
        throw new OrderSystemUnavailableError(
          'invalid_response',
          `graphql: ${body.errors
            .map((e) => e.message)
            .join('; ')
            .slice(0, 300)}`,
        );
      if (body.data === undefined || body.data === null) throw new OrderSystemUnavailableError('invalid_response', 'graphql: no data');
      return body.data;
    }
  }

  private status(order: ShopifyOrder): OrderStatus {
    if (order.cancelledAt) return 'cancelled';
    const shipped = order.fulfillments.filter((f) => f.status === 'SUCCESS');
    if (order.displayFinancialStatus === 'REFUNDED' && shipped.length) return 'returned';
    if (shipped.length && shipped.every((f) => f.deliveredAt || DELIVERED.has(f.displayStatus ?? ''))) return 'delivered';
    if (shipped.length) return 'shipped';
    return 'processing';
  }

  private sku(item: ShopifyOrder['lineItems']['nodes'][number]): string {
    return item.sku || item.id.split('/').pop() || item.id;
  }

  private toOrder(order: ShopifyOrder, orderNumber: string, zip: string): Order {
    const status = this.status(order);
    const shipped = order.fulfillments.filter((f) => f.status === 'SUCCESS');
    const latest = shipped[shipped.length - 1];
    const tracking = latest?.trackingInfo[0];
    const day = (value: string | null | undefined) => (value ? value.slice(0, 10) : undefined);
    const refunded = order.refunds.reduce((sum, r) => sum + r.totalRefundedSet.shopMoney.amount, 0);
    const lastRefund = order.refunds.map((r) => r.createdAt.slice(0, 10)).sort()[order.refunds.length - 1];
    return {
      orderNumber,
      postcode: zip,
      status,
      placedOn: day(order.createdAt)!,
      carrier: tracking?.company ?? undefined,
      trackingCode: tracking?.number ?? undefined,
      trackingUrl: tracking?.url && /^https?:\/\//.test(tracking.url) ? tracking.url : undefined,
      expectedDelivery: status === 'shipped' ? day(latest?.estimatedDeliveryAt) : undefined,
      deliveredOn: status === 'delivered' ? day(latest?.deliveredAt) : undefined,
      refund:
        refunded > 0 && lastRefund
          ? { amount: Math.round(refunded * 100) / 100, status: 'paid', expectedOn: isoDate(addDays(new Date(`${lastRefund}T00:00:00Z`), REFUND_DAYS)) }
          : undefined,
      items: order.lineItems.nodes
        .filter((item) => item.quantity > 0)
        .map((item) => ({ sku: this.sku(item), name: item.name, quantity: item.quantity, price: item.originalUnitPriceSet.shopMoney.amount })),
    };
  }
}

/** How long until the bucket holds what the query asked for, from Shopify's throttleStatus. */
export function throttleWaitMs(
  cost: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } } | undefined,
): number {
  const status = cost?.throttleStatus;
  if (!status) return 1000;
  const missing = Math.max(0, (cost.requestedQueryCost ?? status.restoreRate) - status.currentlyAvailable);
  return Math.ceil((missing / status.restoreRate) * 1000) + 50;
}
