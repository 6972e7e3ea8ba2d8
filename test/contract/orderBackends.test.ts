import { expect } from 'chai';
import pino from 'pino';
import { Writable } from 'stream';
import { CircuitBreaker } from '../../orders/circuitBreaker';
import { GuardedOrderBackend, OrderSystem } from '../../orders/guardedOrderBackend';
import { HttpOrderSystem } from '../../orders/http/httpOrderSystem';
import { Order, OrderNotCancellableError, OrderSystemUnavailableError } from '../../orders/orderBackend';
import { ShopifyOrderSystem } from '../../orders/shopify/shopifyOrderSystem';
import { WooCommerceOrderSystem } from '../../orders/woocommerce/wooCommerceOrderSystem';
import { contractOrder, ContractShop } from '../helpers/fakeShops/contractShop';
import { fulfilled, ShopifyShop, shopifyOrder } from '../helpers/fakeShops/shopifyShop';
import { shipmentTracking, WooCommerceShop, wooOrder } from '../helpers/fakeShops/wooCommerceShop';

const SECRET = 'balie-order-secret-2026-12';
const TODAY = new Date('2026-12-02T10:00:00Z');

/** A guarded backend with a clock the test moves, and the log lines it wrote. */
function guard(system: OrderSystem, deadlineMs = 1500) {
  const clock = { ms: TODAY.getTime() };
  const logs: { msg: string; reason?: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const backend = new GuardedOrderBackend(system, {
    deadlineMs,
    breaker: new CircuitBreaker({ failureThreshold: 5, openMs: 30_000, now: () => clock.ms }),
    logger: pino({ level: 'warn' }, sink),
    now: () => new Date(clock.ms),
  });
  return { backend, clock, logs };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('order backends against local shops that speak their protocols', function () {
  this.timeout(15_000);

  describe('http: Balie’s signed order contract', () => {
    const shop = new ContractShop([SECRET]);
    let system: HttpOrderSystem;

    before(async () => {
      await shop.start();
      system = new HttpOrderSystem({ baseUrl: `${shop.url}/balie-api/`, secret: SECRET });
    });
    after(() => shop.stop());
    beforeEach(() => {
      shop
        .reset()
        .add(
          contractOrder('200001', 'shipped', { carrier: 'DHL', trackingCode: 'JVGL0001', expectedDelivery: '2026-12-03' }),
          contractOrder('200002', 'processing'),
          contractOrder('200003', 'delivered', { deliveredOn: '2026-11-30', items: [{ sku: 'MUG', name: 'Mok', quantity: 2, price: 9.5 }] }),
        );
    });

    it('finds an order only with its postcode, written either way, and signs every request', async () => {
      const { backend } = guard(system);
      expect((await backend.findOrder('200001', '9711AA'))?.carrier).to.equal('DHL');
      expect(await backend.findOrder('200001', '1234AB')).to.equal(null);
      expect(await backend.findOrder('299999', '9711AA')).to.equal(null);
      const first = shop.received[0];
      expect(first.target).to.equal('/balie-api/orders/200001?postcode=9711AA');
      expect(first.headers['x-balie-signature']).to.match(/^v1=[0-9a-f]{64}$/);
      expect(first.body).to.equal('');
    });

    it('reads an item name given as one string', async () => {
      const { backend } = guard(system);
      expect((await backend.findOrder('200003', '9711AA'))?.items[0].name).to.equal('Mok');
    });

    it('cancels a processing order and reports a shipped one as not cancellable', async () => {
      const { backend } = guard(system);
      expect((await backend.cancelOrder('200002')).status).to.equal('cancelled');
      const refused = await failure(backend.cancelOrder('200001'));
      expect(refused).to.be.instanceOf(OrderNotCancellableError);
      expect((refused as OrderNotCancellableError).status).to.equal('shipped');
      expect(JSON.parse(shop.requestsTo('/cancel')[0].body)).to.deep.equal({});
    });

    it('registers a return with the conversation it came from', async () => {
      const { backend } = guard(system);
      expect(await backend.registerReturn({ orderNumber: '200003', sku: 'MUG', reason: 'Damaged', conversationId: 'conv-9' })).to.deep.equal({
        returnId: 'R-200003-1',
      });
      expect(shop.returns[0]).to.include({ sku: 'MUG', reason: 'Damaged', conversationId: 'conv-9' });
    });

    it('is refused by the shop when signed with another secret', async () => {
      const { backend } = guard(new HttpOrderSystem({ baseUrl: `${shop.url}/balie-api`, secret: 'someone-elses-secret-123' }));
      const error = await failure(backend.findOrder('200001', '9711AA'));
      expect(error).to.be.instanceOf(OrderSystemUnavailableError);
      expect(error.message).to.include('401').and.include('check the credentials or the shared secret');
    });

    it('gives up at the deadline, without a retry after a timeout', async () => {
      shop.delayMs = 1000;
      const { backend } = guard(system, 300);
      const before = shop.received.length;
      const started = Date.now();
      const error = (await failure(backend.findOrder('200001', '9711AA'))) as OrderSystemUnavailableError;
      expect(error.reason).to.equal('timeout');
      expect(Date.now() - started).to.be.below(1000);
      expect(shop.received.length - before).to.equal(1);
    });

    it('retries a read once after a 500, but never a write', async () => {
      shop.mode = 'error';
      const { backend } = guard(system);
      expect(((await failure(backend.findOrder('200001', '9711AA'))) as OrderSystemUnavailableError).reason).to.equal('http_status');
      expect(shop.requestsTo('/orders/200001?')).to.have.length(2);
      await failure(backend.cancelOrder('200002'));
      expect(shop.requestsTo('/cancel')).to.have.length(1);
    });

    it('treats a body that is not JSON, or not an order, as a failure and logs the wrong field', async () => {
      shop.mode = 'garbage';
      const { backend, logs } = guard(system);
      expect(((await failure(backend.findOrder('200001', '9711AA'))) as OrderSystemUnavailableError).reason).to.equal('invalid_response');
      shop.mode = 'normal';
      shop.add(contractOrder('200009', 'sent' as Order['status']));
      const error = (await failure(backend.findOrder('200009', '9711AA'))) as OrderSystemUnavailableError;
      expect(error.reason).to.equal('invalid_response');
      expect(logs.map((l) => l.msg).join('\n')).to.include('status: Invalid option');
    });

    it('refuses an order the shop returns for another postcode', async () => {
      shop.checksPostcode = false;
      try {
        shop.add(contractOrder('200010', 'processing', { postcode: '1011AB' }));
        const error = (await failure(guard(system).backend.findOrder('200010', '9711AA'))) as OrderSystemUnavailableError;
        expect(error.message).to.include('postcode');
      } finally {
        shop.checksPostcode = true;
      }
    });

    it('opens the circuit after five failures in a row, fails fast for 30 s, then closes on a success', async () => {
      const down = new ContractShop([SECRET]);
      await down.start();
      const url = down.url;
      await down.stop();
      const flaky = new HttpOrderSystem({ baseUrl: `${url}/balie-api`, secret: SECRET });
      const { backend, clock } = guard(flaky);
      for (let i = 0; i < 5; i++) expect(((await failure(backend.findOrder('200001', '9711AA'))) as OrderSystemUnavailableError).reason).to.equal('connection');
      expect(backend.status()).to.include({ circuit: 'open', consecutiveFailures: 5 });
      expect(((await failure(backend.findOrder('200001', '9711AA'))) as OrderSystemUnavailableError).reason).to.equal('circuit_open');
      clock.ms += 29_000;
      expect(((await failure(backend.findOrder('200001', '9711AA'))) as OrderSystemUnavailableError).reason).to.equal('circuit_open');
      clock.ms += 1_000;
      expect(backend.status().circuit).to.equal('half_open');
      // The trial call fails: open again for another 30 s.
      expect(((await failure(backend.findOrder('200001', '9711AA'))) as OrderSystemUnavailableError).reason).to.equal('connection');
      expect(backend.status().circuit).to.equal('open');
      clock.ms += 30_000;
      const revived = new ContractShop([SECRET]).add(contractOrder('200001', 'shipped', { carrier: 'DHL', trackingCode: 'X1' }));
      await revived.start(Number(new URL(url).port));
      try {
        expect((await backend.findOrder('200001', '9711AA'))?.status).to.equal('shipped');
        expect(backend.status()).to.include({ circuit: 'closed', consecutiveFailures: 0 });
        expect(backend.status().lastFailure?.reason).to.equal('connection');
      } finally {
        await revived.stop();
      }
    });
  });

  describe('woocommerce: REST API v3', () => {
    const shop = new WooCommerceShop();
    let backend: GuardedOrderBackend;

    before(async () => {
      await shop.start();
      backend = guard(new WooCommerceOrderSystem({ url: shop.url, key: shop.key, secret: shop.secret, now: () => TODAY })).backend;
    });
    after(() => shop.stop());
    beforeEach(() => {
      shop.orders.clear();
      shop.refunds.clear();
    });

    it('finds an order by its sequential number first and by post id second, proven by either postcode', async () => {
      shop.add(
        wooOrder({ id: 812, number: '1042', meta_data: [{ id: 1, key: '_order_number', value: '1042' }] }),
        wooOrder({
          id: 1042,
          number: '1043',
          shipping: { first_name: 'Piet', postcode: '1011AB' },
          billing: { first_name: 'Piet', postcode: '1011 AB', email: 'p@x.nl' },
        }),
        wooOrder({ id: 10420, number: '10420' }),
        wooOrder({ id: 955, billing: { first_name: 'A', postcode: '5611 CD', email: 'a@x.nl' }, shipping: { first_name: 'A', postcode: '9711 AA' } }),
      );
      expect((await backend.findOrder('1042', '9711AA'))?.orderNumber).to.equal('1042');
      expect(shop.received.at(-1)?.headers.authorization).to.match(/^Basic /);
      // The number wins over the post id: order id 1042 (number 1043, postcode 1011AB) is not "1042".
      expect(await backend.findOrder('1042', '1011AB')).to.equal(null);
      expect((await backend.findOrder('955', '5611cd'))?.postcode).to.equal('5611 CD');
      expect((await backend.findOrder('955', '9711AA'))?.postcode).to.equal('9711 AA');
      expect(await backend.findOrder('955', '1234AB')).to.equal(null);
      expect(await backend.findOrder('777', '9711AA')).to.equal(null);
    });

    it('falls back to the post id when the search does not know the number', async () => {
      shop.add(wooOrder({ id: 3001, number: 'WEB-3001' }));
      expect((await backend.findOrder('3001', '9711AA'))?.orderNumber).to.equal('3001');
    });

    it('maps every WooCommerce status to Balie’s, with tracking deciding between shipped and delivered', async () => {
      const cases: [string, Partial<Parameters<typeof wooOrder>[0]>, string][] = [
        ['pending', {}, 'processing'],
        ['on-hold', {}, 'processing'],
        ['processing', {}, 'processing'],
        ['completed', { date_completed: '2026-11-25T12:00:00' }, 'delivered'],
        ['completed', { meta_data: [shipmentTracking('postnl', '3SWOO1', new Date('2026-12-01T15:00:00Z'))] }, 'shipped'],
        ['completed', { meta_data: [shipmentTracking('dhl', 'JVGL2', new Date('2026-11-20T15:00:00Z'))] }, 'delivered'],
        ['cancelled', {}, 'cancelled'],
        ['failed', {}, 'cancelled'],
        ['refunded', {}, 'returned'],
      ];
      for (const [i, [status, extra, expected]] of cases.entries()) {
        shop.add(wooOrder({ id: 4000 + i, status, ...extra }));
        expect((await backend.findOrder(String(4000 + i), '9711AA'))?.status, `${status} ${JSON.stringify(extra)}`).to.equal(expected);
      }
      const shipped = await backend.findOrder('4004', '9711AA');
      expect(shipped).to.include({ carrier: 'PostNL', trackingCode: '3SWOO1', expectedDelivery: '2026-12-03' });
      expect((await backend.findOrder('4003', '9711AA'))?.deliveredOn).to.equal('2026-11-25');
    });

    it('reads refunds from the refunds endpoint', async () => {
      shop.add(wooOrder({ id: 5001, status: 'refunded', refunds: [{ id: 77, reason: 'return', total: '-49.95' }] }));
      shop.refunds.set(5001, [{ id: 77, date_created: '2026-11-30T09:00:00', amount: '49.95', reason: 'return', refunded_payment: true }]);
      const order = await backend.findOrder('5001', '9711AA');
      expect(order?.refund).to.deep.equal({ amount: 49.95, status: 'paid', expectedOn: '2026-12-05' });
      expect(order?.items[0]).to.deep.equal({ sku: 'LAMP-NOOR', name: 'Bureaulamp Noor', quantity: 1, price: 49.95 });
    });

    it('cancels pending, on-hold and processing orders with PUT, and refuses completed ones', async () => {
      shop.add(wooOrder({ id: 6001, status: 'on-hold' }), wooOrder({ id: 6002, status: 'completed', date_completed: '2026-11-25T12:00:00' }));
      expect((await backend.cancelOrder('6001')).status).to.equal('cancelled');
      expect(JSON.parse(shop.requestsTo('/orders/6001').find((r) => r.method === 'PUT')!.body)).to.deep.equal({ status: 'cancelled' });
      const refused = (await failure(backend.cancelOrder('6002'))) as OrderNotCancellableError;
      expect(refused).to.be.instanceOf(OrderNotCancellableError);
      expect(refused.status).to.equal('delivered');
      expect(shop.orders.get(6002)?.status).to.equal('completed');
    });

    it('records a return as a private order note whose id is the return id', async () => {
      shop.add(wooOrder({ id: 7001, status: 'completed' }));
      const { returnId } = await backend.registerReturn({ orderNumber: '7001', sku: 'LAMP-NOOR', reason: 'Damaged', conversationId: 'c-7' });
      const note = shop.notes.at(-1)!;
      expect(returnId).to.equal(String(note.id));
      expect(note).to.include({ orderId: 7001, customer_note: false });
      expect(note.note).to.include('LAMP-NOOR').and.include('Damaged').and.include('c-7');
    });

    it('fails honestly with wrong keys', async () => {
      const wrong = guard(new WooCommerceOrderSystem({ url: shop.url, key: 'ck_wrong', secret: 'cs_wrong' })).backend;
      shop.add(wooOrder({ id: 8001 }));
      const error = (await failure(wrong.findOrder('8001', '9711AA'))) as OrderSystemUnavailableError;
      expect(error.reason).to.equal('http_status');
      expect(error.message).to.include('401');
    });
  });

  describe('shopify: Admin GraphQL API', () => {
    const shop = new ShopifyShop();
    let backend: GuardedOrderBackend;

    before(async () => {
      await shop.start();
      backend = guard(new ShopifyOrderSystem({ apiUrl: shop.url, accessToken: shop.accessToken, apiVersion: shop.apiVersion }), 3500).backend;
    });
    after(() => shop.stop());
    beforeEach(() => {
      shop.orders.length = 0;
      shop.throttleNext = 0;
    });

    it('finds an order by name with or without "#", proven by the shipping zip', async () => {
      shop.add(shopifyOrder('#1001'), shopifyOrder('#10010'));
      expect((await backend.findOrder('1001', '3511AB'))?.orderNumber).to.equal('1001');
      expect((await backend.findOrder('#1001', '3511 ab'))?.items[0]).to.deep.equal({ sku: 'MUG-BLAUW', name: 'Mok Blauw', quantity: 2, price: 12.5 });
      expect(await backend.findOrder('1001', '9711AA')).to.equal(null);
      expect(await backend.findOrder('1999', '3511AB')).to.equal(null);
      expect(shop.received.at(-1)?.headers['x-shopify-access-token']).to.equal(shop.accessToken);
    });

    it('maps fulfillment and financial state to Balie’s status, with tracking', async () => {
      const base = shopifyOrder('#1101');
      shop.add(
        base,
        fulfilled(shopifyOrder('#1102'), 'IN_TRANSIT'),
        fulfilled(shopifyOrder('#1103'), 'DELIVERED', { deliveredAt: '2026-11-24T11:00:00Z' }),
        shopifyOrder('#1104', { cancelledAt: '2026-11-21T08:00:00Z', displayFinancialStatus: 'REFUNDED' }),
        {
          ...fulfilled(shopifyOrder('#1105'), 'DELIVERED'),
          displayFinancialStatus: 'REFUNDED',
          refunds: [{ createdAt: '2026-11-29T10:00:00Z', totalRefundedSet: { shopMoney: { amount: '25.00' } } }],
        },
      );
      expect((await backend.findOrder('1101', '3511AB'))?.status).to.equal('processing');
      expect(await backend.findOrder('1102', '3511AB')).to.include({
        status: 'shipped',
        carrier: 'PostNL',
        trackingCode: '3SSHOP12345',
        trackingUrl: 'https://jouw.postnl.nl/track-and-trace/3SSHOP12345',
        expectedDelivery: '2026-11-23',
      });
      expect(await backend.findOrder('1103', '3511AB')).to.include({ status: 'delivered', deliveredOn: '2026-11-24' });
      expect((await backend.findOrder('1104', '3511AB'))?.status).to.equal('cancelled');
      const returned = await backend.findOrder('1105', '3511AB');
      expect(returned?.status).to.equal('returned');
      expect(returned?.refund).to.deep.equal({ amount: 25, status: 'paid', expectedOn: '2026-12-04' });
    });

    it('cancels an unfulfilled order with orderCancel and refuses a fulfilled one', async () => {
      shop.add(shopifyOrder('#1201'), fulfilled(shopifyOrder('#1202'), 'IN_TRANSIT'));
      expect((await backend.cancelOrder('1201')).status).to.equal('cancelled');
      expect(shop.cancelled).to.have.length(1);
      const refused = (await failure(backend.cancelOrder('1202'))) as OrderNotCancellableError;
      expect(refused).to.be.instanceOf(OrderNotCancellableError);
      expect(refused.status).to.equal('shipped');
      expect(shop.cancelled).to.have.length(1);
    });

    it('requests a return for the fulfilled line item', async () => {
      shop.add(fulfilled(shopifyOrder('#1301'), 'DELIVERED', { deliveredAt: '2026-11-24T11:00:00Z' }));
      const { returnId } = await backend.registerReturn({ orderNumber: '1301', sku: 'MUG-BLAUW', reason: 'Damaged', conversationId: 'c-13' });
      expect(returnId).to.equal('945000951');
      const line = shop.returns.at(-1)!.returnLineItems[0];
      expect(line).to.include({ quantity: 1, returnReason: 'DEFECTIVE' });
      expect(line.fulfillmentLineItemId).to.match(/^gid:\/\/shopify\/FulfillmentLineItem\//);
    });

    it('waits out THROTTLED answers as the cost numbers say, within the deadline', async () => {
      shop.add(shopifyOrder('#1401'));
      shop.throttleNext = 1;
      const before = shop.received.length;
      const started = Date.now();
      expect((await backend.findOrder('1401', '3511AB'))?.status).to.equal('processing');
      // 40 points asked, 10 available, 50 restored per second: 0.6 s.
      expect(Date.now() - started).to.be.at.least(600);
      expect(shop.received.length - before).to.equal(2);
    });

    it('fails honestly with a wrong access token', async () => {
      const wrong = guard(new ShopifyOrderSystem({ apiUrl: shop.url, accessToken: 'shpat_wrong', apiVersion: shop.apiVersion })).backend;
      expect(((await failure(wrong.findOrder('1001', '3511AB'))) as OrderSystemUnavailableError).message).to.include('401');
    });
  });
});
