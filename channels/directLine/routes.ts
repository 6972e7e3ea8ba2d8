import { Request, Response, Router } from 'express';
import { z } from 'zod';
import { bearerToken as bearer, sameSecret } from '../../http/credentials';
import { describeZodError, sendError, sendRefusal, sendTooMany } from '../../http/errors';
import { RateLimits } from '../../cluster/rateLimits';
import { ChatTraffic, declaredBodyBytes } from '../chatTraffic';
import { directLineAuthorizer } from './authorization';
import { postedActivitySchema, userSchema } from './postedActivity';
import { DirectLineConversations } from './directLineConversations';
import { VisitorTokens } from './visitorTokens';

export { BOT_ACCOUNT, WEBCHAT_CHANNEL_ID } from './directLineConversations';

export interface DirectLineRoutesOptions {
  readonly conversations: DirectLineConversations;
  /** DIRECTLINE_SECRET: lets a company's own backend generate tokens. Unset: only the demo endpoint issues them. */
  readonly secret?: string;
  /** The secret the bot presents to the connector routes. */
  readonly internalSecret: string;
  /** Counts demo tokens per client address (shared by the instances). */
  readonly limits: RateLimits;
  /** Allows this many demo tokens per client address per minute. */
  readonly demoTokensPerMinute?: number;
  /** Abuse limits on what customers post. */
  readonly traffic?: ChatTraffic;
  /** Visitor tokens and ticket links. */
  readonly visitors: VisitorTokens;
  /** A customer opened a ticket's conversation from its email: what was posted there is in front of them now. */
  readonly ticketLinkOpened?: (handoffId: string) => Promise<void>;
}

/** A BCP 47 tag such as en-US: the browser's language, for the welcome. */
const locale = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en-US')
  .optional();
const generateSchema = z.looseObject({ user: userSchema.optional(), locale }).optional();
/** A returning visitor's token, or the link from a ticket email: server-signed proofs of who the customer is. */
const signedProof = z.string().min(1).max(2000);
const demoTokenSchema = z.looseObject({ locale, visitor: signedProof.optional(), ticketLink: signedProof.optional() }).optional();

function streamUrl(req: Request, conversationId: string, token: string, watermark?: string): string {
  const scheme = req.protocol === 'https' ? 'wss' : 'ws';
  const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
  return `${scheme}://${req.get('host')}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?${query.toString()}`;
}

/**
 * Direct Line 3.0–compatible routes for Web Chat (tokens, conversations, activities with
 * watermarks; the WebSocket stream is in stream.ts), the connector routes the bot replies
 * to, and the demo page's token endpoint: they parse, authorise and call the conversations.
 */
export function directLineRoutes(options: DirectLineRoutesOptions): Router {
  const router = Router();
  const { conversations } = options;
  const demoTokens = options.limits.limiter('webchat-token-address', { points: options.demoTokensPerMinute ?? 30, windowSeconds: 60 });

  const authorize = directLineAuthorizer(conversations);

  router.post('/api/webchat/token', async (req, res) => {
    const allowed = await demoTokens.consume(req.ip ?? 'unknown');
    if (!allowed.allowed) return sendTooMany(res, allowed.retryAfterSeconds, 'too many chat sessions from this address; try again in a minute');
    const parsed = demoTokenSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const { locale: language, visitor, ticketLink } = parsed.data ?? {};
    const { visitors } = options;
    if (ticketLink) {
      // The ticket's own conversation, with its history and the answer in it, as its customer.
      const link = await visitors.verifyTicketLink(ticketLink);
      if (!link) {
        const days = visitors.ticketLinkTtlDays;
        return sendError(res, 400, 'invalid_ticket_link', `this link is not valid or is older than ${days} days: start a new chat instead`);
      }
      if (!(await conversations.exists(link.conversationId))) return sendError(res, 404, 'not_found', 'the conversation of this link no longer exists');
      const session = await conversations.resume(link.conversationId, link.userId, language);
      await options.ticketLinkOpened?.(link.handoffId);
      const { conversationId, token, expires_in } = session;
      return res.json({ conversationId, token, expires_in, visitor: await visitors.issueVisitor(link.userId) });
    }
    // A visitor token the server signed earlier makes this the same customer; anything else is a new one.
    const known = visitor ? await visitors.verifyVisitor(visitor) : undefined;
    const { conversationId, token, expires_in, userId } = await conversations.newSession(known?.userId, language);
    res.json({ conversationId, token, expires_in, visitor: await visitors.issueVisitor(userId) });
  });

  router.post('/v3/directline/tokens/generate', async (req, res) => {
    if (!options.secret) return sendError(res, 403, 'forbidden', 'token generation needs DIRECTLINE_SECRET to be configured');
    if (!sameSecret(bearer(req), options.secret)) return sendError(res, 401, 'unauthorized', 'the Direct Line secret is required');
    const parsed = generateSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    // A client may name its user, but the id is ours unless a trusted backend (with the secret) sets it.
    const { conversationId, token, expires_in } = await conversations.newSession(parsed.data?.user?.id, parsed.data?.locale);
    res.json({ conversationId, token, expires_in });
  });

  router.post('/v3/directline/tokens/refresh', async (req, res) => {
    const claims = await authorize(req, res);
    if (!claims) return;
    res.json({ conversationId: claims.conversationId, ...(await conversations.refresh(claims)) });
  });

  router.post('/v3/directline/conversations', async (req, res) => {
    // With the secret, a new conversation; with a token, the conversation it was issued for.
    const session = sameSecret(bearer(req), options.secret) ? await conversations.newSession() : undefined;
    const claims = session ?? (await authorize(req, res));
    if (!claims) return;
    const created = await conversations.start(claims.conversationId, claims.userId, claims.locale);
    const token = session?.token ?? bearer(req)!;
    res.status(created ? 201 : 200).json({
      conversationId: claims.conversationId,
      token,
      expires_in: conversations.tokenTtlSeconds,
      streamUrl: streamUrl(req, claims.conversationId, token),
    });
  });

  // Reconnect. Web Chat also calls this first when given a conversationId with a fresh token,
  // so a conversation the token was issued for is started here if it is not yet.
  router.get('/v3/directline/conversations/:id', async (req, res) => {
    const id = req.params.id;
    const claims = await authorize(req, res, id);
    if (!claims) return;
    await conversations.start(id, claims.userId, claims.locale);
    const token = bearer(req)!;
    const watermark = typeof req.query.watermark === 'string' ? req.query.watermark : undefined;
    res.json({ conversationId: id, token, expires_in: conversations.tokenTtlSeconds, streamUrl: streamUrl(req, id, token, watermark) });
  });

  router.get('/v3/directline/conversations/:id/activities', async (req, res) => {
    const id = req.params.id;
    if (!(await authorize(req, res, id))) return;
    const watermark = req.query.watermark === undefined || req.query.watermark === '' ? undefined : Number(req.query.watermark);
    if (watermark !== undefined && !Number.isInteger(watermark)) return sendError(res, 400, 'invalid_request', 'watermark must be a number');
    const activities = await conversations.since(id, watermark);
    const last = activities.length ? activities[activities.length - 1].watermark : (watermark ?? '');
    res.json({ activities: activities.map((a) => a.activity), watermark: String(last) });
  });

  router.post('/v3/directline/conversations/:id/activities', async (req, res) => {
    const claims = await authorize(req, res, req.params.id);
    if (!claims) return;
    if (!(await conversations.exists(claims.conversationId))) {
      return sendError(res, 404, 'not_found', 'start the conversation first (POST /v3/directline/conversations)');
    }
    const parsed = postedActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big');
      return sendError(res, tooLong ? 413 : 400, tooLong ? 'text_too_long' : 'invalid_activity', describeZodError(parsed.error));
    }
    if (options.traffic && parsed.data.type !== 'typing') {
      const verdict = await options.traffic.admit({
        conversationId: claims.conversationId,
        address: req.ip,
        body: req.body,
        bodyBytes: declaredBodyBytes(req),
        channelData: parsed.data.channelData,
      });
      if (!verdict.ok) return sendRefusal(res, verdict);
    }
    res.json({ id: await conversations.receive(claims, parsed.data) });
  });

  // The bot's replies and proactive messages arrive here, as on any Bot Framework channel.
  const connector = async (req: Request, res: Response) => {
    if (!sameSecret(bearer(req), options.internalSecret)) return sendError(res, 401, 'unauthorized', 'not the bot');
    const id = req.params.conversationId as string;
    if (!(await conversations.exists(id))) return sendError(res, 404, 'not_found', 'no such conversation');
    res.json({ id: await conversations.fromBot(id, (req.body ?? {}) as Record<string, unknown>) });
  };
  router.post('/v3/conversations/:conversationId/activities', connector);
  router.post('/v3/conversations/:conversationId/activities/:activityId', connector);

  return router;
}
