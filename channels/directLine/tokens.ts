import { randomBytes } from 'crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface DirectLineTokenClaims {
  /** The one conversation this token may read and write. */
  readonly conversationId: string;
  /** The customer's id in that conversation. */
  readonly userId: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  /** The browser's language when the chat started (en-US), for the welcome before the customer writes. */
  readonly locale?: string;
}

const ISSUER = 'balie';
const AUDIENCE = 'balie:directline';

/**
 * Short-lived Direct Line tokens: JWTs (HS256, signed with jose) bound to one conversation.
 * Stateless, so they work across restarts and on every instance sharing the key.
 */
export class DirectLineTokens {
  private readonly key: Uint8Array;

  constructor(
    key: string,
    readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = new TextEncoder().encode(key);
  }

  async issue(conversationId: string, userId: string, locale?: string): Promise<{ token: string; expires_in: number }> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const token = await new SignJWT({ conversationId, userId, ...(locale ? { locale } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.key);
    return { token, expires_in: this.ttlSeconds };
  }

  /** The claims of a valid, unexpired token, else undefined. */
  async verify(token: string): Promise<DirectLineTokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.now(),
        clockTolerance: 0,
      });
      const { conversationId, userId, exp, locale } = payload as Partial<DirectLineTokenClaims>;
      if (typeof conversationId !== 'string' || typeof userId !== 'string' || typeof exp !== 'number') return undefined;
      return { conversationId, userId, exp, ...(typeof locale === 'string' ? { locale } : {}) };
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined; // forged, expired, malformed
      throw error;
    }
  }
}

export function newConversationId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

export function newUserId(): string {
  return `dl_user_${randomBytes(9).toString('base64url')}`;
}
