import { FakeReply, FakeShopServer, ReceivedRequest } from './fakeShopServer';

/** A WooCommerce order as REST API v3 returns it (the fields Balie reads, plus a few it ignores). */
export interface WooOrder {
  id: number;
  number: string;
  status: string;
  date_created: string;
  date_completed: string | null;
  currency: string;
  billing: { first_name: string; postcode: string; email: string };
  shipping: { first_name: string; postcode: string };
  line_items: { id: number; name: string; product_id: number; sku: string; quantity: number; price: number; total: string }[];
  meta_data: { id: number; key: string; value: unknown }[];
  refunds: { id: number; reason: string; total: string }[];
}

export interface WooRefund {
  id: number;
  date_created: string;
  amount: string;
  reason: string;
  refunded_payment: boolean;
}

let nextId = 500;

/** A WooCommerce order with sensible defaults; pass what the test is about. */
export function wooOrder(fields: Partial<WooOrder> & { id: number }): WooOrder {
  return {
    number: String(fields.id),
    status: 'processing',
    date_created: '2026-11-20T10:15:00',
    date_completed: null,
    currency: 'EUR',
    billing: { first_name: 'Sanne', postcode: '9711 AA', email: 'sanne@example.nl' },
    shipping: { first_name: 'Sanne', postcode: '9711 AA' },
    line_items: [{ id: nextId++, name: 'Bureaulamp Noor', product_id: 31, sku: 'LAMP-NOOR', quantity: 1, price: 49.95, total: '49.95' }],
    meta_data: [],
    refunds: [],
    ...fields,
  };
}

/** The Shipment Tracking extension's order meta. */
export function shipmentTracking(provider: string, trackingNumber: string, shippedAt: Date, customLink = ''): WooOrder['meta_data'][number] {
  return {
    id: nextId++,
    key: '_wc_shipment_tracking_items',
    value: [
      {
        tracking_provider: provider,
        custom_tracking_provider: '',
        custom_tracking_link: customLink,
        tracking_number: trackingNumber,
        date_shipped: String(Math.floor(shippedAt.getTime() / 1000)),
        tracking_id: 'a1b2c3d4e5f6',
      },
    ],
  };
}

const error = (status: number, code: string, message: string): FakeReply => ({ status, body: { code, message, data: { status } } });

/** The WooCommerce REST API v3 endpoints Balie uses, with consumer key/secret Basic auth, per WooCommerce's documentation. */
export class WooCommerceShop extends FakeShopServer {
  readonly orders = new Map<number, WooOrder>();
  readonly refunds = new Map<number, WooRefund[]>();
  readonly notes: { orderId: number; id: number; note: string; customer_note: boolean }[] = [];

  constructor(
    readonly key = 'ck_4f0e1c3a9b2d8e7f6a5b4c3d2e1f0a9b8c7d6e5f',
    readonly secret = 'cs_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b',
  ) {
    super();
  }

  add(...orders: WooOrder[]): this {
    for (const order of orders) this.orders.set(order.id, order);
    return this;
  }

  protected handle(request: ReceivedRequest): FakeReply {
    if (request.headers.authorization !== `Basic ${Buffer.from(`${this.key}:${this.secret}`).toString('base64')}`) {
      return error(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    }
    const url = new URL(request.target, 'http://shop.test');
    const route = /^\/wp-json\/wc\/v3\/orders(?:\/(\d+))?(\/refunds|\/notes)?$/.exec(url.pathname);
    if (!route) return error(404, 'rest_no_route', 'No route was found matching the URL and request method.');
    const [, id, sub] = route;
    if (!id) {
      if (request.method !== 'GET') return error(404, 'rest_no_route', 'No route was found matching the URL and request method.');
      // WooCommerce's search matches parts of many fields; Balie must pick the exact number itself.
      const term = url.searchParams.get('search') ?? '';
      const perPage = Number(url.searchParams.get('per_page') ?? 10);
      const found = [...this.orders.values()].filter(
        (o) =>
          !term ||
          String(o.id).includes(term) ||
          o.number.includes(term) ||
          o.billing.email.includes(term) ||
          o.meta_data.some((m) => String(m.value).includes(term)),
      );
      return { status: 200, body: found.slice(0, perPage) };
    }
    const order = this.orders.get(Number(id));
    if (!order) return error(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    if (sub === '/refunds' && request.method === 'GET') return { status: 200, body: this.refunds.get(order.id) ?? [] };
    if (sub === '/notes' && request.method === 'POST') {
      const body = JSON.parse(request.body) as { note?: string; customer_note?: boolean };
      if (!body.note) return error(400, 'rest_missing_callback_param', 'Missing parameter(s): note');
      const note = { orderId: order.id, id: 9000 + this.notes.length, note: body.note, customer_note: Boolean(body.customer_note) };
      this.notes.push(note);
      return {
        status: 201,
        body: {
          id: note.id,
          author: 'WooCommerce',
          date_created: '2026-12-02T10:00:00',
          note: note.note,
          customer_note: note.customer_note,
          added_by_user: false,
        },
      };
    }
    if (!sub && request.method === 'GET') return { status: 200, body: order };
    if (!sub && request.method === 'PUT') {
      const body = JSON.parse(request.body) as { status?: string };
      if (body.status) order.status = body.status;
      return { status: 200, body: order };
    }
    return error(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }
}
