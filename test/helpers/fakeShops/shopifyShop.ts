import { FakeReply, FakeShopServer, ReceivedRequest } from './fakeShopServer';

/** A Shopify Admin GraphQL Order, in the fields Balie asks for. */
export interface ShopifyOrder {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  shippingAddress: { zip: string } | null;
  billingAddress: { zip: string } | null;
  lineItems: { nodes: { id: string; sku: string | null; name: string; quantity: number; originalUnitPriceSet: { shopMoney: { amount: string } } }[] };
  fulfillments: {
    status: string;
    displayStatus: string | null;
    createdAt: string;
    deliveredAt: string | null;
    estimatedDeliveryAt: string | null;
    trackingInfo: { company: string | null; number: string | null; url: string | null }[];
    fulfillmentLineItems: { nodes: { id: string; lineItem: { id: string } }[] };
  }[];
  refunds: { createdAt: string; totalRefundedSet: { shopMoney: { amount: string } } }[];
}

let nextId = 1;

export function shopifyOrder(name: string, fields: Partial<ShopifyOrder> = {}): ShopifyOrder {
  const n = nextId++;
  return {
    id: `gid://shopify/Order/${5_000_000 + n}`,
    name,
    createdAt: '2026-11-20T09:12:44Z',
    cancelledAt: null,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    shippingAddress: { zip: '3511 AB' },
    billingAddress: { zip: '3511 AB' },
    lineItems: {
      nodes: [
        {
          id: `gid://shopify/LineItem/${7_000 + n}`,
          sku: 'MUG-BLAUW',
          name: 'Mok Blauw',
          quantity: 2,
          originalUnitPriceSet: { shopMoney: { amount: '12.50' } },
        },
      ],
    },
    fulfillments: [],
    refunds: [],
    ...fields,
  };
}

/** Marks all of an order's line items as shipped in one fulfillment, with tracking. */
export function fulfilled(order: ShopifyOrder, displayStatus: string, extra: Partial<ShopifyOrder['fulfillments'][number]> = {}): ShopifyOrder {
  return {
    ...order,
    displayFulfillmentStatus: 'FULFILLED',
    fulfillments: [
      {
        status: 'SUCCESS',
        displayStatus,
        createdAt: '2026-11-21T14:00:00Z',
        deliveredAt: null,
        estimatedDeliveryAt: '2026-11-23T18:00:00Z',
        trackingInfo: [{ company: 'PostNL', number: '3SSHOP12345', url: 'https://jouw.postnl.nl/track-and-trace/3SSHOP12345' }],
        fulfillmentLineItems: {
          nodes: order.lineItems.nodes.map((item, i) => ({
            id: `gid://shopify/FulfillmentLineItem/${8_000 + i}${item.id.slice(-3)}`,
            lineItem: { id: item.id },
          })),
        },
        ...extra,
      },
    ],
  };
}

const throttleStatus = (available: number) => ({ maximumAvailable: 1000, currentlyAvailable: available, restoreRate: 50 });

/**
 * The Shopify Admin GraphQL endpoint (POST /admin/api/{version}/graphql.json with
 * X-Shopify-Access-Token), answering Balie's three operations in Shopify's documented shapes,
 * with cost extensions and THROTTLED errors.
 */
export class ShopifyShop extends FakeShopServer {
  readonly orders: ShopifyOrder[] = [];
  readonly returns: { orderId: string; returnLineItems: { fulfillmentLineItemId: string; quantity: number; returnReason: string; customerNote: string }[] }[] =
    [];
  readonly cancelled: string[] = [];
  /** The next this-many requests are throttled. */
  throttleNext = 0;

  constructor(
    readonly accessToken = 'shpat_0123456789abcdef0123456789abcdef',
    readonly apiVersion = '2025-10',
  ) {
    super();
  }

  add(...orders: ShopifyOrder[]): this {
    this.orders.push(...orders);
    return this;
  }

  protected handle(request: ReceivedRequest): FakeReply {
    if (request.method !== 'POST' || request.target !== `/admin/api/${this.apiVersion}/graphql.json`) return { status: 404, body: { errors: 'Not Found' } };
    if (request.headers['x-shopify-access-token'] !== this.accessToken) {
      return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
    }
    const { query, variables } = JSON.parse(request.body) as { query: string; variables: Record<string, any> };
    if (this.throttleNext > 0) {
      this.throttleNext--;
      return {
        status: 200,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
          extensions: { cost: { requestedQueryCost: 40, actualQueryCost: null, throttleStatus: throttleStatus(10) } },
        },
      };
    }
    const cost = (requested: number) => ({
      cost: { requestedQueryCost: requested, actualQueryCost: requested, throttleStatus: throttleStatus(1000 - requested) },
    });
    if (query.includes('query BalieFindOrder')) {
      const name = String(/^name:(.*)$/.exec(variables.query)?.[1] ?? '').replace(/^#/, '');
      const nodes = this.orders.filter((o) => o.name.replace(/^#/, '') === name);
      return { status: 200, body: { data: { orders: { nodes } }, extensions: cost(40) } };
    }
    if (query.includes('mutation BalieCancelOrder')) {
      const order = this.orders.find((o) => o.id === variables.orderId);
      const userError = (message: string, code: string) => ({
        data: { orderCancel: { job: null, orderCancelUserErrors: [{ field: ['orderId'], message, code }] } },
        extensions: cost(10),
      });
      if (!order) return { status: 200, body: userError('Order does not exist', 'NOT_FOUND') };
      if (order.cancelledAt || order.fulfillments.some((f) => f.status === 'SUCCESS'))
        return { status: 200, body: userError('Cannot cancel order', 'INVALID') };
      order.cancelledAt = '2026-12-02T10:00:00Z';
      this.cancelled.push(order.id);
      return {
        status: 200,
        body: { data: { orderCancel: { job: { id: 'gid://shopify/Job/1d6f1f4c', done: false }, orderCancelUserErrors: [] } }, extensions: cost(10) },
      };
    }
    if (query.includes('mutation BalieRequestReturn')) {
      const input = variables.input as ShopifyShop['returns'][number];
      const order = this.orders.find((o) => o.id === input.orderId);
      const known = new Set(order?.fulfillments.flatMap((f) => f.fulfillmentLineItems.nodes.map((n) => n.id)) ?? []);
      if (!order || !input.returnLineItems.every((item) => known.has(item.fulfillmentLineItemId))) {
        return {
          status: 200,
          body: {
            data: { returnRequest: { return: null, userErrors: [{ field: ['input'], message: 'Fulfillment line item not found' }] } },
            extensions: cost(10),
          },
        };
      }
      this.returns.push(input);
      return {
        status: 200,
        body: {
          data: { returnRequest: { return: { id: `gid://shopify/Return/94500095${this.returns.length}`, status: 'REQUESTED' }, userErrors: [] } },
          extensions: cost(10),
        },
      };
    }
    return { status: 200, body: { errors: [{ message: 'Field does not exist', extensions: { code: 'undefinedField' } }] } };
  }
}
