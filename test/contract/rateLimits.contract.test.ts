import { expect } from 'chai';
import { describeEachStore, openTestStore, otherInstance, useFreshStore } from '../helpers/testDatabases';

describeEachStore('rate limits in the shared store', (kind) => {
  const fixture = useFreshStore(kind);

  it('allows the points of a window, refuses the rest with a Retry-After, and counts keys apart', async () => {
    const limiter = fixture.store.rateLimits.limiter('test-window', { points: 3, windowSeconds: 60 });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume('a'));
    expect(decisions.map((d) => d.allowed)).to.deep.equal([true, true, true, false]);
    expect(decisions[3].retryAfterSeconds).to.be.within(1, 60);
    expect((await limiter.consume('b')).allowed).to.equal(true);
    expect(await limiter.peek('a')).to.equal(4);
  });

  it('lets no more through than the limit when attempts race, from every instance', async () => {
    const other = await otherInstance(fixture.database, fixture.store);
    try {
      const here = fixture.store.rateLimits.limiter('test-race', { points: 10, windowSeconds: 60 });
      const there = other.store.rateLimits.limiter('test-race', { points: 10, windowSeconds: 60 });
      const decisions = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? here : there).consume('same-user')));
      expect(decisions.filter((d) => d.allowed)).to.have.length(10);
    } finally {
      await other.close();
    }
  });

  it('refunds, blocks for a while and resets', async () => {
    const limiter = fixture.store.rateLimits.limiter('test-block', { points: 2, windowSeconds: 60 });
    await limiter.consume('k');
    await limiter.consume('k');
    await limiter.refund('k');
    expect((await limiter.consume('k')).allowed, 'the refunded point').to.equal(true);
    expect(await limiter.waitSeconds('k')).to.equal(0);
    await limiter.block('k', 30);
    expect(await limiter.waitSeconds('k')).to.be.within(25, 30);
    await limiter.reset('k');
    expect(await limiter.waitSeconds('k')).to.equal(0);
    expect(await limiter.peek('k')).to.equal(0);
  });

  it('keeps counting over a restart', async () => {
    const limiter = fixture.store.rateLimits.limiter('test-restart', { points: 2, windowSeconds: 600 });
    await limiter.consume('k');
    await limiter.consume('k');
    await fixture.store.close();
    fixture.store = await openTestStore(fixture.database);
    expect((await fixture.store.rateLimits.limiter('test-restart', { points: 2, windowSeconds: 600 }).consume('k')).allowed).to.equal(false);
  });
});
