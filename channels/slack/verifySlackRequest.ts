import { createHmac, timingSafeEqual } from 'crypto';

/** Why a request is not from Slack; the caller answers 401 without saying which. */
export class SlackVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackVerificationError';
  }
}

export interface SlackRequestHeaders {
  readonly timestamp?: string;
  readonly signature?: string;
}

const MAX_AGE_SECONDS = 5 * 60;

/**
 * Slack's request signing: `v0=` + HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`),
 * and a timestamp at most five minutes old (against replays). Framework-free with an
 * injectable clock, like bolt-js's verify-request.
 */
export function verifySlackRequest(signingSecret: string, headers: SlackRequestHeaders, rawBody: Buffer, nowMs: number = Date.now()): void {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) throw new SlackVerificationError('missing X-Slack-Request-Timestamp or X-Slack-Signature');
  if (!/^\d{1,12}$/.test(timestamp)) throw new SlackVerificationError('malformed timestamp');
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) throw new SlackVerificationError('malformed signature');
  const age = Math.abs(Math.floor(nowMs / 1000) - Number(timestamp));
  if (age > MAX_AGE_SECONDS) throw new SlackVerificationError(`stale timestamp (${age} s old)`);
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) throw new SlackVerificationError('signature mismatch');
}

/** The headers as a client would send them, for tests and tools. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number,
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': `v0=${signature}` };
}
