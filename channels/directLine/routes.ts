import { Activity, ActivityTypes, TurnContext } from 'botbuilder';
import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { describeZodError, sendError } from '../../http/errors';
import { bearerToken as bearer, sameSecret } from '../../http/credentials';
import { InFlightTracker } from '../../http/inFlight';
import { RateLimiter } from '../../http/rateLimiter';
import { MAX_TEXT_LENGTH } from '../activitySchema';
import { DirectLineActivityLog } from './activityLog';
import { DirectLineAdapter } from './directLineAdapter';
import { DirectLineTokenClaims, DirectLineTokens, newConversationId, newUserId } from './tokens';

/** Web Chat's channel id; Azure's Direct Line uses the same. */
export const WEBCHAT_CHANNEL_ID = 'webchat';
export const BOT_ACCOUNT = { id: 'balie', name: 'Balie', role: 'bot' };

export interface DirectLineRoutesOptions {
  readonly log: DirectLineActivityLog;
  readonly tokens: DirectLineTokens;
  readonly adapter: DirectLineAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  /** DIRECTLINE_SECRET: lets a company's own backend generate tokens. Unset: only the demo endpoint issues them. */
  readonly secret?: string;
  /** The secret the bot presents to the connector routes. */
  readonly internalSecret: string;
  /** The bot's serviceUrl for this channel: the service itself. */
  readonly serviceUrl: () => string;
  readonly inFlight: InFlightTracker;
  readonly logger: Logger;
  /** Allows this many demo tokens per client address per minute. */
  readonly demoTokensPerMinute?: number;
}

const userSchema = z.looseObject({ id: z.string().max(256).optional(), name: z.string().max(256).optional() });
const generateSchema = z.looseObject({ user: userSchema.optional() }).optional();

/** What a client may post; the server sets who, where and when. */
const postedActivitySchema = z.looseObject({
  type: z.enum(['message', 'event', 'typing', 'conversationUpdate', 'invoke', 'messageReaction']),
  text: z.string().max(MAX_TEXT_LENGTH, `is longer than ${MAX_TEXT_LENGTH} characters`).optional(),
  locale: z.string().max(64).optional(),
  from: userSchema.optional(),
  name: z.string().max(256).optional(),
  value: z.unknown().optional(),
  channelData: z.unknown().optional(),
  attachments: z.array(z.unknown()).max(10).optional(),
  suggestedActions: z.unknown().optional(),
});

function streamUrl(req: Request, conversationId: string, token: string, watermark?: string): string {
  const scheme = req.protocol === 'https' ? 'wss' : 'ws';
  const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
  return `${scheme}://${req.get('host')}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?${query.toString()}`;
}

function clientActivityIdOf(channelData: unknown): string | undefined {
  const id = (channelData as { clientActivityID?: unknown } | null | undefined)?.clientActivityID;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}

/** The outbox id the relay puts on an agent message (channelData.balie.messageId). */
function agentMessageIdOf(channelData: unknown): string | undefined {
  const id = (channelData as { balie?: { messageId?: unknown } } | null | undefined)?.balie?.messageId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Direct Line 3.0–compatible routes for Web Chat (tokens, conversations, activities with
 * watermarks; the WebSocket stream is in stream.ts), the connector routes the bot replies
 * to, and the demo page's token endpoint.
 */
export function directLineRoutes(options: DirectLineRoutesOptions): Router {
  const router = Router();
  const limiter = new RateLimiter({ limit: options.demoTokensPerMinute ?? 30, windowMs: 60_000 });

  /** The token's claims if it is valid for this conversation; otherwise answers 401/403 and returns undefined. */
  const authorize = async (req: Request, res: Response, conversationId?: string): Promise<DirectLineTokenClaims | undefined> => {
    const token = bearer(req);
    const claims = token ? await options.tokens.verify(token) : undefined;
    if (!claims) {
      sendError(res, 401, 'unauthorized', 'a valid, unexpired Direct Line token is required');
      return undefined;
    }
    if (conversationId !== undefined && claims.conversationId !== conversationId) {
      sendError(res, 403, 'forbidden', 'this token belongs to another conversation');
      return undefined;
    }
    return claims;
  };

  /** Creates the conversation on first use and lets the bot greet the customer. */
  const start = async (conversationId: string, userId: string) => {
    // Only the request that creates the conversation (on any instance) lets the bot greet.
    if (!(await options.log.createConversation(conversationId, userId))) return false;
    const update = {
      type: ActivityTypes.ConversationUpdate,
      id: `${conversationId}|start`,
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl: options.serviceUrl(),
      conversation: { id: conversationId },
      from: { id: userId },
      recipient: BOT_ACCOUNT,
      membersAdded: [{ id: userId }, BOT_ACCOUNT],
      timestamp: new Date(),
    } as unknown as Activity;
    await options.inFlight.track(() => options.adapter.processDirect(update, options.logic));
    return true;
  };

  const newSession = async (user?: { id?: string; name?: string }) => {
    const conversationId = newConversationId();
    // A client may name its user, but the id is ours unless a trusted backend (with the secret) sets it.
    const userId = user?.id ?? newUserId();
    return { conversationId, userId, ...(await options.tokens.issue(conversationId, userId)) };
  };

  router.post('/api/webchat/token', async (req, res) => {
    if (!limiter.take(req.ip ?? 'unknown')) return sendError(res, 429, 'too_many_requests', 'too many chat sessions from this address; try again in a minute');
    const { conversationId, token, expires_in } = await newSession();
    res.json({ conversationId, token, expires_in });
  });

  router.post('/v3/directline/tokens/generate', async (req, res) => {
    if (!options.secret) return sendError(res, 403, 'forbidden', 'token generation needs DIRECTLINE_SECRET to be configured');
    if (!sameSecret(bearer(req), options.secret)) return sendError(res, 401, 'unauthorized', 'the Direct Line secret is required');
    const parsed = generateSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_request', describeZodError(parsed.error));
    const { conversationId, token, expires_in } = await newSession(parsed.data?.user);
    res.json({ conversationId, token, expires_in });
  });

  router.post('/v3/directline/tokens/refresh', async (req, res) => {
    const claims = await authorize(req, res);
    if (!claims) return;
    res.json({ conversationId: claims.conversationId, ...(await options.tokens.issue(claims.conversationId, claims.userId)) });
  });

  router.post('/v3/directline/conversations', async (req, res) => {
    // With the secret, a new conversation; with a token, the conversation it was issued for.
    const session = sameSecret(bearer(req), options.secret) ? await newSession() : undefined;
    const claims = session ?? (await authorize(req, res));
    if (!claims) return;
    const created = await start(claims.conversationId, claims.userId);
    const token = session?.token ?? bearer(req)!;
    res.status(created ? 201 : 200).json({
      conversationId: claims.conversationId,
      token,
      expires_in: options.tokens.ttlSeconds,
      streamUrl: streamUrl(req, claims.conversationId, token),
    });
  });

  // Reconnect. Web Chat also calls this first when given a conversationId with a fresh token,
  // so a conversation the token was issued for is started here if it is not yet.
  router.get('/v3/directline/conversations/:id', async (req, res) => {
    const id = req.params.id;
    const claims = await authorize(req, res, id);
    if (!claims) return;
    await start(id, claims.userId);
    const token = bearer(req)!;
    res.json({
      conversationId: id,
      token,
      expires_in: options.tokens.ttlSeconds,
      streamUrl: streamUrl(req, id, token, req.query.watermark as string | undefined),
    });
  });

  router.get('/v3/directline/conversations/:id/activities', async (req, res) => {
    const id = req.params.id;
    if (!(await authorize(req, res, id))) return;
    const watermark = req.query.watermark === undefined || req.query.watermark === '' ? undefined : Number(req.query.watermark);
    if (watermark !== undefined && !Number.isInteger(watermark)) return sendError(res, 400, 'invalid_request', 'watermark must be a number');
    const activities = await options.log.since(id, watermark);
    res.json({
      activities: activities.map((a) => a.activity),
      watermark: String(activities.length ? activities[activities.length - 1].watermark : (watermark ?? '')),
    });
  });

  router.post('/v3/directline/conversations/:id/activities', async (req, res) => {
    const id = req.params.id;
    const claims = await authorize(req, res, id);
    if (!claims) return;
    if (!(await options.log.exists(id))) return sendError(res, 404, 'not_found', 'start the conversation first (POST /v3/directline/conversations)');
    const parsed = postedActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((i) => i.path[0] === 'text' && i.code === 'too_big');
      return sendError(res, tooLong ? 413 : 400, tooLong ? 'text_too_long' : 'invalid_activity', describeZodError(parsed.error));
    }
    // Who, where and when are the server's to say: the token decides the sender.
    const { id: _id, ...posted } = parsed.data as Record<string, unknown>;
    // Web Chat gives every message a clientActivityID: a message resent after a lost answer is stored, and answered, once.
    const clientActivityId = clientActivityIdOf(parsed.data.channelData);
    const { logged, duplicate } = await options.log.append(
      id,
      {
        ...posted,
        channelId: WEBCHAT_CHANNEL_ID,
        serviceUrl: options.serviceUrl(),
        conversation: { id },
        from: { id: claims.userId, name: parsed.data.from?.name, role: 'user' },
        recipient: BOT_ACCOUNT,
        timestamp: new Date().toISOString(),
      },
      clientActivityId && `client:${clientActivityId}`,
    );
    if (duplicate) return res.json({ id: logged.activity.id });
    // The turn runs before the answer, so a polling client that asks next finds the bot's replies.
    await options.inFlight.track(async () => {
      try {
        await options.adapter.processDirect(logged.activity as unknown as Activity, options.logic);
      } catch (error) {
        options.logger.error({ err: error, conversationId: id }, 'web chat turn failed');
      }
    });
    res.json({ id: logged.activity.id });
  });

  router.post('/v3/directline/conversations/:id/upload', async (req, res) => {
    if (!(await authorize(req, res, req.params.id))) return;
    sendError(res, 415, 'unsupported', 'attachments are not supported yet: please describe the problem in text');
  });

  // The bot's replies and proactive messages arrive here, as on any Bot Framework channel.
  const connector = async (req: Request, res: Response) => {
    if (!sameSecret(bearer(req), options.internalSecret)) return sendError(res, 401, 'unauthorized', 'not the bot');
    const id = req.params.conversationId as string;
    if (!(await options.log.exists(id))) return sendError(res, 404, 'not_found', 'no such conversation');
    const activity = (req.body ?? {}) as Record<string, unknown>;
    // An agent message delivered a second time (its first delivery's answer was lost) is shown once.
    const messageId = agentMessageIdOf(activity.channelData);
    const { logged } = await options.log.append(
      id,
      { ...activity, id: undefined, from: activity.from ?? BOT_ACCOUNT, conversation: { id }, channelId: WEBCHAT_CHANNEL_ID },
      messageId && `agent:${messageId}`,
    );
    res.json({ id: logged.activity.id });
  };
  router.post('/v3/conversations/:conversationId/activities', connector);
  router.post('/v3/conversations/:conversationId/activities/:activityId', connector);

  return router;
}
