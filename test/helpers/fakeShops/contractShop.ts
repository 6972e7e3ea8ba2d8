import { Order, OrderStatus } from '../../../orders/orderBackend';
import { verifyOrderRequest } from '../../../orders/http/signature';
import { FakeReply, FakeShopServer, ReceivedRequest } from './fakeShopServer';

/** An order in the contract's shape, postcode 9711 AA, one desk lamp; pass what the test is about. */
export function contractOrder(orderNumber: string, status: OrderStatus, extra: Partial<Order> = {}): Order {
  return {
    orderNumber,
    postcode: '9711 AA',
    status,
    placedOn: '2026-11-28',
    items: [{ sku: 'LAMP-NOOR', name: { nl: 'Bureaulamp Noor', en: 'Desk lamp Noor' }, quantity: 1, price: 49.95 }],
    ...extra,
  };
}

/**
 * A shop's order API built from docs/ORDER-API.md alone: it verifies every signature (401
 * otherwise), proves ownership by number and postcode, cancels processing orders and
 * records returns.
 */
export class ContractShop extends FakeShopServer {
  readonly orders = new Map<string, Order>();
  /** False: a careless shop that answers for any postcode (Balie must still not show the order). */
  checksPostcode = true;
  readonly returns: { orderNumber: string; sku: string; reason: string; conversationId: string | null; returnId: string }[] = [];

  constructor(
    private readonly secrets: string[],
    /** Where the API lives under the host, like ORDER_BACKEND_URL's path ("/balie-api"). */
    readonly prefix = '/balie-api',
  ) {
    super();
  }

  override reset(): this {
    this.orders.clear();
    this.checksPostcode = true;
    return super.reset();
  }

  add(...orders: Order[]): this {
    for (const order of orders) this.orders.set(order.orderNumber, order);
    return this;
  }

  protected handle(request: ReceivedRequest): FakeReply {
    const signed = verifyOrderRequest(
      this.secrets,
      { timestamp: header(request, 'x-balie-timestamp'), signature: header(request, 'x-balie-signature') },
      { method: request.method, target: request.target, body: request.body },
    );
    if (!signed) return { status: 401, body: { error: 'bad_signature' } };
    const url = new URL(request.target, 'http://shop.test');
    const path = url.pathname.startsWith(this.prefix) ? url.pathname.slice(this.prefix.length) : url.pathname;
    const match = /^\/orders\/([^/]+)(\/cancel|\/returns)?$/.exec(path);
    if (!match) return { status: 404, body: { error: 'no_such_route' } };
    const order = this.orders.get(decodeURIComponent(match[1]));
    if (request.method === 'GET' && !match[2]) {
      const postcode = (url.searchParams.get('postcode') ?? '').replace(/\s/g, '').toUpperCase();
      if (!order || (this.checksPostcode && order.postcode.replace(/\s/g, '').toUpperCase() !== postcode)) return { status: 404, body: { error: 'not_found' } };
      return { status: 200, body: order };
    }
    if (!order) return { status: 404, body: { error: 'not_found' } };
    if (request.method === 'POST' && match[2] === '/cancel') {
      if (order.status !== 'processing') return { status: 409, body: { error: 'not_cancellable', status: order.status } };
      const cancelled = { ...order, status: 'cancelled' as OrderStatus };
      this.orders.set(order.orderNumber, cancelled);
      return { status: 200, body: cancelled };
    }
    if (request.method === 'POST' && match[2] === '/returns') {
      const body = JSON.parse(request.body) as { sku: string; reason: string; conversationId: string | null };
      const returnId = `R-${order.orderNumber}-${this.returns.length + 1}`;
      this.returns.push({ orderNumber: order.orderNumber, ...body, returnId });
      return { status: 201, body: { returnId } };
    }
    return { status: 405, body: { error: 'method_not_allowed' } };
  }
}

function header(request: ReceivedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
