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

  it('counts several limiters in one go, each by its own window and limit, with blocks as one by one', async () => {
    const limits = fixture.store.rateLimits;
    const perMinute = limits.limiter('test-together-minute', { points: 2, windowSeconds: 60 });
    const bytes = limits.limiter('test-together-bytes', { points: 1000, windowSeconds: 3600 });
    const blocking = limits.limiter('test-together-block', { points: 1, windowSeconds: 60, blockSeconds: 600 });
    const round = () =>
      limits.consumeTogether([
        { limiter: perMinute, key: 'c' },
        { limiter: bytes, key: 'c', points: 400 },
        { limiter: blocking, key: 'a' },
      ]);
    expect((await round()).map((d) => [d.allowed, d.consumed])).to.deep.equal([
      [true, 1],
      [true, 400],
      [true, 1],
    ]);
    const second = await round();
    expect(second.map((d) => [d.allowed, d.consumed])).to.deep.equal([
      [true, 2],
      [true, 800],
      [false, 2],
    ]);
    expect(second[2].retryAfterSeconds, 'the first refusal starts the block').to.be.within(590, 600);
    const third = await round();
    expect(third.map((d) => d.allowed)).to.deep.equal([false, false, false]);
    expect(await perMinute.peek('c')).to.equal(3);
    expect(await bytes.peek('c')).to.equal(1200);
    // The same key twice in one call: counted one after the other.
    const twice = await limits.consumeTogether([
      { limiter: perMinute, key: 'd' },
      { limiter: perMinute, key: 'd' },
    ]);
    expect(twice.map((d) => d.consumed)).to.deep.equal([1, 2]);
  });

  it('counts the calls of many turns at once as if one after the other, each seeing its own count', async () => {
    const limits = fixture.store.rateLimits;
    const perAddress = limits.limiter('test-batch-address', { points: 10, windowSeconds: 60 });
    const perConversation = limits.limiter('test-batch-conversation', { points: 2, windowSeconds: 60 });
    // 24 turns at the same moment from one address, over 8 conversations: shared keys are summed in one statement.
    const decisions = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        limits.consumeTogether([
          { limiter: perConversation, key: `c${i % 8}` },
          { limiter: perAddress, key: 'one-address', points: 1 },
        ]),
      ),
    );
    const addressCounts = decisions.map(([, address]) => address.consumed);
    expect(
      [...addressCounts].sort((a, b) => a - b),
      'every count is its own',
    ).to.deep.equal(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(decisions.filter(([, address]) => address.allowed)).to.have.length(10);
    for (let c = 0; c < 8; c++) {
      const counts = decisions.filter((_, i) => i % 8 === c).map(([conversation]) => conversation);
      expect(counts.map((d) => d.consumed)).to.deep.equal([1, 2, 3]);
      expect(counts.map((d) => d.allowed)).to.deep.equal([true, true, false]);
    }
    expect(await perAddress.peek('one-address')).to.equal(24);
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
