import { expect } from 'chai';
import { signSlackRequest, SlackVerificationError, verifySlackRequest } from '../../channels/slack/verifySlackRequest';

describe('verifySlackRequest (signing secret, injectable clock)', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const body = '{"type":"event_callback","event_id":"Ev1"}';
  const now = 1_700_000_000_000;
  const signed = signSlackRequest(secret, body, now / 1000);
  const headers = { timestamp: signed['x-slack-request-timestamp'], signature: signed['x-slack-signature'] };

  it('accepts a correctly signed, fresh request', () => {
    expect(() => verifySlackRequest(secret, headers, Buffer.from(body), now)).not.to.throw();
    expect(() => verifySlackRequest(secret, headers, Buffer.from(body), now + 299_000)).not.to.throw();
  });

  const bad: [string, Parameters<typeof verifySlackRequest>, RegExp][] = [
    ['a missing timestamp', [secret, { signature: headers.signature }, Buffer.from(body), now], /missing/],
    ['a missing signature', [secret, { timestamp: headers.timestamp }, Buffer.from(body), now], /missing/],
    ['a malformed timestamp', [secret, { ...headers, timestamp: '17e8' }, Buffer.from(body), now], /malformed timestamp/],
    ['a malformed signature', [secret, { ...headers, signature: 'v1=abc' }, Buffer.from(body), now], /malformed signature/],
    ['a timestamp over five minutes old', [secret, headers, Buffer.from(body), now + 301_000], /stale/],
    ['a timestamp from the future', [secret, headers, Buffer.from(body), now - 301_000], /stale/],
    ['another body', [secret, headers, Buffer.from(`${body} `), now], /mismatch/],
    ['another secret', ['not-the-secret', headers, Buffer.from(body), now], /mismatch/],
  ];
  for (const [what, args, reason] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => verifySlackRequest(...args)).to.throw(SlackVerificationError, reason);
    });
  }
});
