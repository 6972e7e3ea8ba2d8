import { expect } from 'chai';
import { LocalMessageBus } from '../../cluster/messageBus';
import { CachedOrderBackend } from '../../orders/cachedOrderBackend';
import { Order, OrderBackend, OrderNotCancellableError } from '../../orders/orderBackend';

/** An order system that counts the lookups it answers. */
function countingShop() {
  const orders = new Map<string, Order>([
    [
      '100001',
      { orderNumber: '100001', postcode: '1234AB', status: 'processing', placedOn: '2026-12-01', items: [{ sku: 'A', name: 'A', quantity: 1, price: 1 }] },
    ],
  ]);
  const shop = {
    lookups: 0,
    async findOrder(orderNumber: string, postcode: string) {
      shop.lookups++;
      const order = orders.get(orderNumber);
      return order && order.postcode === postcode ? order : null;
    },
    async cancelOrder(orderNumber: string) {
      const order = orders.get(orderNumber)!;
      if (order.status !== 'processing') throw new OrderNotCancellableError(orderNumber, order.status);
      orders.set(orderNumber, { ...order, status: 'cancelled' });
      return orders.get(orderNumber)!;
    },
    async registerReturn() {
      return { returnId: 'R1' };
    },
  } satisfies OrderBackend & { lookups: number };
  return shop;
}

describe('CachedOrderBackend', () => {
  it('reuses a found order for the configured time, never a miss', async () => {
    const shop = countingShop();
    let now = 0;
    const cache = new CachedOrderBackend(shop, 30_000, new LocalMessageBus(), () => now);
    await cache.findOrder('100001', '1234AB');
    await cache.findOrder('100001', '1234AB');
    expect(shop.lookups).to.equal(1);
    await cache.findOrder('100001', '9999ZZ');
    await cache.findOrder('100001', '9999ZZ');
    expect(shop.lookups, 'a wrong postcode is asked again each time').to.equal(3);
    now += 30_001;
    await cache.findOrder('100001', '1234AB');
    expect(shop.lookups).to.equal(4);
  });

  it('forgets an order on every instance when one of them cancels it', async () => {
    const shop = countingShop();
    const bus = new LocalMessageBus();
    const first = new CachedOrderBackend(shop, 30_000, bus);
    const second = new CachedOrderBackend(shop, 30_000, bus);
    expect((await first.findOrder('100001', '1234AB'))?.status).to.equal('processing');
    expect((await second.findOrder('100001', '1234AB'))?.status).to.equal('processing');
    await first.cancelOrder('100001');
    expect((await second.findOrder('100001', '1234AB'))?.status).to.equal('cancelled');
    expect((await first.findOrder('100001', '1234AB'))?.status).to.equal('cancelled');
    second.close();
    first.close();
  });
});
