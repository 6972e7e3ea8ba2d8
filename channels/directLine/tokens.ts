import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

export interface DirectLineTokenClaims {
  /** The one conversation this token may read and write. */
  readonly conversationId: string;
  /** The customer's id in that conversation. */
  readonly userId: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

/**
 * Short-lived Direct Line tokens: `base64url(claims).base64url(HMAC-SHA256)`, bound to
 * one conversation. Stateless, so they work across restarts and instances sharing the key.
 */
export class DirectLineTokens {
  constructor(
    private readonly key: string,
    readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  issue(conversationId: string, userId: string): { token: string; expires_in: number } {
    const claims: DirectLineTokenClaims = { conversationId, userId, exp: Math.floor(this.now().getTime() / 1000) + this.ttlSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expires_in: this.ttlSeconds };
  }

  /** The claims of a valid, unexpired token, else undefined. */
  verify(token: string): DirectLineTokenClaims | undefined {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: DirectLineTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof claims.conversationId !== 'string' || typeof claims.userId !== 'string' || typeof claims.exp !== 'number') return undefined;
    return claims.exp > this.now().getTime() / 1000 ? claims : undefined;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

export function newConversationId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

export function newUserId(): string {
  return `dl_user_${randomBytes(9).toString('base64url')}`;
}
