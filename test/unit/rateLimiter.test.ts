import { expect } from 'chai';
import { RateLimiter } from '../../http/rateLimiter';

describe('RateLimiter', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 0));

  it('allows the limit in a window, per key, and again once the window has passed', () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000, now: clock });
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).to.deep.equal([true, true, true, false]);
    expect(limiter.take('b'), 'another key').to.equal(true);
    now = 59_999;
    expect(limiter.take('a')).to.equal(false);
    now = 60_000;
    expect(limiter.take('a')).to.equal(true);
  });

  it('tells an exhausted key without counting, and forgets a key on reset', () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 1_000, now: clock });
    expect(limiter.exhausted('k')).to.equal(false);
    limiter.take('k');
    limiter.take('k');
    expect([limiter.exhausted('k'), limiter.exhausted('k')]).to.deep.equal([true, true]);
    limiter.reset('k');
    expect(limiter.exhausted('k')).to.equal(false);
  });

  it('forgets everything when too many keys are counted (no unbounded growth)', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000, now: clock, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    expect(limiter.exhausted('a')).to.equal(true);
    limiter.take('d');
    expect(limiter.exhausted('a')).to.equal(false);
  });
});
