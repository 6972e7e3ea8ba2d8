import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'balie';
const VISITOR_AUDIENCE = 'balie:visitor';
const TICKET_LINK_AUDIENCE = 'balie:ticket-link';
const EFFORT_LINK_AUDIENCE = 'balie:effort';

/** Who a returning web chat visitor is: their customer id in every conversation they start. */
export interface VisitorClaims {
  readonly userId: string;
}

/** A link from a ticket email: the customer and the web chat conversation the ticket came from. */
export interface TicketLinkClaims {
  readonly userId: string;
  readonly conversationId: string;
  readonly handoffId: string;
}

/** The effort question of a closed ticket, asked by email: whose answer a link records. */
export interface EffortLinkClaims {
  readonly userId: string;
  readonly conversationId: string;
  readonly handoffId: string;
  readonly channelId: string;
  readonly language: string;
}

/**
 * The proofs a browser may hold that it is a customer Balie knows, signed by the server
 * (HS256), never chosen by the client:
 * - a visitor token, which the chat snippet keeps in localStorage and exchanges for each new
 *   Direct Line token, so a customer who comes back is the same customer (and sees the answers
 *   to their tickets);
 * - a ticket link, sent in a ticket's email, which opens the ticket's own conversation;
 * - an effort link, in the email that asks how easy it was once a ticket is closed.
 */
export class VisitorTokens {
  private readonly key: Uint8Array;

  constructor(
    key: string,
    /** How long a visitor stays recognisable without coming back. */
    readonly visitorTtlDays: number,
    /** How long a ticket email's link works. */
    readonly ticketLinkTtlDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = new TextEncoder().encode(key);
  }

  issueVisitor(userId: string): Promise<string> {
    return this.sign({}, userId, VISITOR_AUDIENCE, this.visitorTtlDays);
  }

  async verifyVisitor(token: string): Promise<VisitorClaims | undefined> {
    const payload = await this.verify(token, VISITOR_AUDIENCE);
    return typeof payload?.sub === 'string' ? { userId: payload.sub } : undefined;
  }

  issueTicketLink(claims: TicketLinkClaims): Promise<string> {
    return this.sign({ conversationId: claims.conversationId, handoffId: claims.handoffId }, claims.userId, TICKET_LINK_AUDIENCE, this.ticketLinkTtlDays);
  }

  async verifyTicketLink(token: string): Promise<TicketLinkClaims | undefined> {
    const payload = await this.verify(token, TICKET_LINK_AUDIENCE);
    const { sub, conversationId, handoffId } = payload ?? {};
    if (typeof sub !== 'string' || typeof conversationId !== 'string' || typeof handoffId !== 'string') return undefined;
    return { userId: sub, conversationId, handoffId };
  }

  issueEffortLink(claims: EffortLinkClaims): Promise<string> {
    const { userId, ...rest } = claims;
    return this.sign(rest, userId, EFFORT_LINK_AUDIENCE, this.ticketLinkTtlDays);
  }

  async verifyEffortLink(token: string): Promise<EffortLinkClaims | undefined> {
    const payload = await this.verify(token, EFFORT_LINK_AUDIENCE);
    const { sub, conversationId, handoffId, channelId, language } = payload ?? {};
    const strings = [sub, conversationId, handoffId, channelId, language];
    if (!strings.every((v) => typeof v === 'string')) return undefined;
    return {
      userId: sub as string,
      conversationId: conversationId as string,
      handoffId: handoffId as string,
      channelId: channelId as string,
      language: language as string,
    };
  }

  private async sign(claims: Record<string, string>, subject: string, audience: string, ttlDays: number): Promise<string> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + Math.round(ttlDays * 86_400))
      .sign(this.key);
  }

  private async verify(token: string, audience: string): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience, currentDate: this.now() });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof TypeError) return undefined; // forged, expired, malformed
      throw error;
    }
  }
}
