import { createHmac, timingSafeEqual } from 'crypto';

/** How long a signed request stays valid at the shop: replays after this are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface SignedRequest {
  /** GET or POST, upper case. */
  readonly method: string;
  /** The path and query exactly as on the request line: "/shop-api/orders/100001?postcode=1234AB". */
  readonly target: string;
  /** The exact body bytes as text; empty for GET. */
  readonly body: string;
}

/** The signature header value, "v1=<hex HMAC-SHA256 of '{timestamp}.{METHOD}.{target}.{body}'>" (docs/ORDER-API.md). */
export function orderRequestSignature(secret: string, timestamp: number, request: SignedRequest): string {
  const base = `${timestamp}.${request.method.toUpperCase()}.${request.target}.${request.body}`;
  return `v1=${createHmac('sha256', secret).update(base, 'utf8').digest('hex')}`;
}

/** The two headers Balie adds to every request to the shop's order API. */
export function signOrderRequest(secret: string, request: SignedRequest, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { 'X-Balie-Timestamp': String(timestamp), 'X-Balie-Signature': orderRequestSignature(secret, timestamp, request) };
}

/**
 * The shop's side: true when the request was signed with one of `secrets` (the current one
 * and, during a rotation, the previous one) within the last five minutes. The same function
 * is printed in docs/ORDER-API.md for shops to copy.
 */
export function verifyOrderRequest(
  secrets: readonly string[],
  headers: { timestamp?: string; signature?: string },
  request: SignedRequest,
  now: Date = new Date(),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !/^\d{1,12}$/.test(headers.timestamp ?? '')) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const given = Buffer.from(headers.signature);
  return secrets.some((secret) => {
    const expected = Buffer.from(orderRequestSignature(secret, timestamp, request));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
