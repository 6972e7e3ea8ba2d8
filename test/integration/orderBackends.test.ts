import { expect } from 'chai';
import { contractOrder, ContractShop } from '../helpers/fakeShops/contractShop';
import { fulfilled, ShopifyShop, shopifyOrder } from '../helpers/fakeShops/shopifyShop';
import { WooCommerceShop, wooOrder } from '../helpers/fakeShops/wooCommerceShop';
import { request } from '../helpers/httpClient';
import { withTestService } from '../helpers/testService';

const SECRET = 'integration-order-secret-42';
const QUIET = { BALIE_BUSINESS_HOURS: 'always', BALIE_RELAY_INTERVAL_MS: '3600000' };

describe('conversations about orders that exist only in the shop', function () {
  this.timeout(60_000);

  describe('ORDER_BACKEND=http', () => {
    const shop = new ContractShop([SECRET]);
    let env: Record<string, string>;

    before(async () => {
      await shop.start();
      env = { ...QUIET, ORDER_BACKEND: 'http', ORDER_BACKEND_URL: `${shop.url}/balie-api`, ORDER_BACKEND_SECRET: SECRET, ORDER_BACKEND_DEADLINE_MS: '800' };
    });
    after(() => shop.stop());
    beforeEach(() => {
      shop
        .reset()
        .add(
          contractOrder('300001', 'shipped', { carrier: 'DHL', trackingCode: 'JVGL300001', expectedDelivery: '2026-12-03' }),
          contractOrder('300002', 'processing'),
          contractOrder('300003', 'delivered', { carrier: 'PostNL', trackingCode: '3S300003', deliveredOn: new Date().toISOString().slice(0, 10) }),
        );
    });

    it('answers status questions, cancels and registers returns in the shop', async () => {
      await withTestService({ env }, async ({ chat }) => {
        await chat('shop-1').says('waar is mijn bestelling 300001?').hears('postcode').says('9711 AA').hears('onderweg met DHL', 'JVGL300001');
        // Only tracking, no URL: the sentence about following the parcel is left out, not left empty.
        await chat('shop-1').says('bedankt').neverHears('()');
        await chat('shop-2').says('ik wil bestelling 300002 annuleren, postcode 9711AA').hears('Weet je zeker').says('ja').hears('is geannuleerd');
        expect(shop.orders.get('300002')?.status).to.equal('cancelled');
        await chat('shop-3').says('ik wil bestelling 300003 retourneren, postcode 9711AA').says('Beschadigd').hears('R-300003-1');
        expect(shop.returns[0]).to.include({ sku: 'LAMP-NOOR', reason: 'Damaged', conversationId: 'shop-3' });
      });
    });

    it('says honestly that the order system is down, offers a colleague with the order in the context, and goes on', async () => {
      shop.delayMs = 5000;
      await withTestService({ env }, async ({ service, chat, base }) => {
        const customer = chat('down-1');
        const started = Date.now();
        await customer
          .says('waar is bestelling 300001')
          .says('9711AA')
          .hears('Het lukt me nu niet om ons bestelsysteem te bereiken', '300001', 'doorverbinden');
        expect(Date.now() - started).to.be.below(5000);
        // No agent is online: a ticket, with the order number already known.
        await customer.says('ja').hears('geen collega beschikbaar', 'ticket').says('ja').hears('e-mailadres').says('sanne@example.nl').hears('Ik heb ticket');
        const handoff = await service.handoffs.latestFor('down-1');
        expect(handoff?.context.entities.order_number).to.equal('300001');
        expect(handoff?.context.reasonDetail).to.include('order 300001').and.include('order system could not be reached');
        await customer.says('wat zijn jullie openingstijden?').hears('maandag');
        const ready = await request(base, 'GET', '/readyz');
        expect(ready.status).to.equal(200);
        expect(ready.body.orderBackend).to.include({ backend: 'http', circuit: 'closed', consecutiveFailures: 1 });
        expect(ready.body.orderBackend.lastFailure.reason).to.equal('timeout');
      });
    });

    it('treats nonsense from the shop like an outage, and a declined offer keeps the bot', async () => {
      shop.mode = 'garbage';
      await withTestService({ env }, async ({ chat, base }) => {
        await chat('garbage-1')
          .says('I want to cancel order 300002, postcode 9711AA')
          .hears("I can't reach our order system right now", '300002')
          .says('no')
          .hears('keep helping you myself');
        const metrics = await request(base, 'GET', '/metrics');
        expect(metrics.text).to.match(/balie_order_backend_call_duration_seconds_count\{backend="http",operation="find",outcome="invalid_response"\} 1/);
        expect(metrics.text).to.include('balie_order_backend_circuit_open{backend="http"} 0');
      });
    });

    it('keeps a follow-up about the same order off the shop, until a cancel changes it', async () => {
      await withTestService({ env }, async ({ chat }) => {
        await chat('cache-1').says('waar is bestelling 300002, postcode 9711AA').hears('in behandeling');
        await chat('cache-1').says('ik wil bestelling 300002 annuleren').hears('Weet je zeker').says('ja').hears('is geannuleerd');
        const lookups = shop.requestsTo('/orders/300002?').length;
        expect(lookups, 'the cancel flow reused the order it had just seen').to.equal(1);
        await chat('cache-1').says('waar is bestelling 300002').hears('geannuleerd');
        expect(shop.requestsTo('/orders/300002?').length).to.equal(2);
      });
    });
  });

  it('ORDER_BACKEND=woocommerce: status, cancel and return against a WooCommerce-shaped shop', async () => {
    const shop = new WooCommerceShop();
    await shop.start();
    const today = new Date().toISOString().slice(0, 10);
    shop.add(
      wooOrder({ id: 301, number: '400001', status: 'processing' }),
      wooOrder({ id: 302, number: '400002', status: 'completed', date_completed: `${today}T08:00:00` }),
    );
    const env = { ...QUIET, ORDER_BACKEND: 'woocommerce', WOOCOMMERCE_URL: shop.url, WOOCOMMERCE_KEY: shop.key, WOOCOMMERCE_SECRET: shop.secret };
    try {
      await withTestService({ env }, async ({ chat }) => {
        await chat('woo-1').says('where is order 400001? postcode 9711 AA').hears('is being processed', 'Bureaulamp Noor');
        await chat('woo-2').says('cancel order 400001 please, 9711AA').hears('Are you sure').says('yes').hears('has been cancelled');
        expect(shop.orders.get(301)?.status).to.equal('cancelled');
        await chat('woo-3').says('ik wil bestelling 400002 retourneren, postcode 9711AA').hears('Wat is de reden').says('Past niet').hears('9000');
        expect(shop.notes[0]).to.include({ orderId: 302, customer_note: false });
      });
    } finally {
      await shop.stop();
    }
  });

  it('ORDER_BACKEND=shopify: status and cancel against a Shopify-shaped GraphQL API', async () => {
    const shop = new ShopifyShop();
    await shop.start();
    shop.add(shopifyOrder('#500001'), fulfilled(shopifyOrder('#500002'), 'IN_TRANSIT'));
    const env = {
      ...QUIET,
      ORDER_BACKEND: 'shopify',
      SHOPIFY_SHOP: 'balie-test.myshopify.com',
      SHOPIFY_ACCESS_TOKEN: shop.accessToken,
      SHOPIFY_API_URL: shop.url,
    };
    try {
      await withTestService({ env }, async ({ chat }) => {
        await chat('shopify-1').says('waar blijft #500002? postcode 3511 AB').hears('onderweg met PostNL', '3SSHOP12345');
        await chat('shopify-2').says('bestelling 500001 annuleren, 3511AB').hears('Weet je zeker').says('ja').hears('is geannuleerd');
        expect(shop.cancelled).to.have.length(1);
        await chat('shopify-3').says('bestelling 500002 annuleren, 3511AB').hears('al verzonden met PostNL');
      });
    } finally {
      await shop.stop();
    }
  });
});
