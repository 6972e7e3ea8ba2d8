import { expect } from 'chai';
import { DirectLineTokens } from '../../channels/directLine/tokens';

describe('Direct Line tokens (signed JWTs, bound to one conversation)', () => {
  let now = new Date('2026-11-23T10:00:00Z');
  const tokens = new DirectLineTokens('a-signing-key-of-enough-length', 600, () => now);
  beforeEach(() => (now = new Date('2026-11-23T10:00:00Z')));

  it('carries the conversation and the customer, valid until it expires', async () => {
    const { token, expires_in } = await tokens.issue('dl_conv', 'dl_user');
    expect(expires_in).to.equal(600);
    expect(await tokens.verify(token)).to.deep.equal({ conversationId: 'dl_conv', userId: 'dl_user', exp: Date.parse('2026-11-23T10:10:00Z') / 1000 });
    now = new Date('2026-11-23T10:09:59Z');
    expect(await tokens.verify(token)).to.include({ conversationId: 'dl_conv' });
    now = new Date('2026-11-23T10:10:00Z');
    expect(await tokens.verify(token), 'expired').to.equal(undefined);
  });

  it('refuses tokens signed with another key, altered, or not tokens at all', async () => {
    const { token } = await tokens.issue('dl_conv', 'dl_user');
    const other = await new DirectLineTokens('another-signing-key-here', 600, () => now).issue('dl_conv', 'dl_user');
    expect(await tokens.verify(other.token)).to.equal(undefined);
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), conversationId: 'dl_other' })).toString(
      'base64url',
    );
    expect(await tokens.verify(`${header}.${forged}.${signature}`)).to.equal(undefined);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await tokens.verify(unsigned)).to.equal(undefined);
    for (const junk of ['', 'abc', 'a.b.c', 'x'.repeat(5000)]) expect(await tokens.verify(junk), junk.slice(0, 10)).to.equal(undefined);
  });
});
