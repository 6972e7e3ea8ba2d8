import { randomUUID } from 'crypto';
import { Activity, ActivityTypes, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { AttachmentInfo, Refusal } from '../../attachments/customerFiles';
import { FILES_REFUSED_EVENT } from '../balieChannelData';
import { InFlightTracker } from '../../http/inFlight';
import { DirectLineActivityLog, LoggedActivity } from './activityLog';
import { DirectLineAdapter } from './directLineAdapter';
import { DirectLineTokenClaims, DirectLineTokens, newConversationId, newUserId } from './tokens';

/** Web Chat's channel id; Azure's Direct Line uses the same. */
export const WEBCHAT_CHANNEL_ID = 'webchat';
export const BOT_ACCOUNT = { id: 'balie', name: 'Balie', role: 'bot' };

export interface DirectLineConversationsOptions {
  readonly log: DirectLineActivityLog;
  readonly tokens: DirectLineTokens;
  readonly adapter: DirectLineAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  /** The bot's serviceUrl for this channel: the service itself. */
  readonly serviceUrl: () => string;
  readonly inFlight: InFlightTracker;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export interface Session {
  readonly conversationId: string;
  readonly userId: string;
  readonly token: string;
  readonly expires_in: number;
  readonly locale?: string;
}

/** Files that came with a message through the upload, checked and stored: what Web Chat shows and what Balie keeps. */
export interface ReceivedFiles {
  readonly attachments: readonly { contentType: string; contentUrl: string; name: string; thumbnailUrl?: string }[];
  readonly stored: readonly AttachmentInfo[];
}

/** What a client posts; who, where and when are the server's to say. */
export type PostedActivity = Record<string, unknown> & { channelData?: unknown; from?: { name?: string } };

/**
 * Balie's own Direct Line channel: sessions and tokens, conversations that survive restarts
 * and live on every instance, the customer's activities into the bot, the bot's replies
 * into the log. Messages resent by a client (same clientActivityID) and agent messages
 * delivered twice (same outbox id) are stored, and answered, once.
 */
export class DirectLineConversations {
  constructor(private readonly options: DirectLineConversationsOptions) {}

  get tokenTtlSeconds(): number {
    return this.options.tokens.ttlSeconds;
  }

  /** A new conversation id, the customer's id (ours, unless a trusted backend names the user) and a token for them. */
  async newSession(userId?: string, locale?: string): Promise<Session> {
    const conversationId = newConversationId();
    const user = userId ?? newUserId();
    return { conversationId, userId: user, locale, ...(await this.options.tokens.issue(conversationId, user, locale)) };
  }

  /** A token for an existing conversation, for the customer it belongs to (a ticket email's link). */
  async resume(conversationId: string, userId: string, locale?: string): Promise<Session> {
    return { conversationId, userId, locale, ...(await this.options.tokens.issue(conversationId, userId, locale)) };
  }

  verify(token: string): Promise<DirectLineTokenClaims | undefined> {
    return this.options.tokens.verify(token);
  }

  refresh(claims: DirectLineTokenClaims): Promise<{ token: string; expires_in: number }> {
    return this.options.tokens.issue(claims.conversationId, claims.userId, claims.locale);
  }

  exists(conversationId: string): Promise<boolean> {
    return this.options.log.exists(conversationId);
  }

  /** Creates the conversation on first use and lets the bot greet the customer; false when it existed (on any instance). */
  async start(conversationId: string, userId: string, locale?: string): Promise<boolean> {
    if (!(await this.options.log.createConversation(conversationId, userId))) return false;
    const update = {
      type: ActivityTypes.ConversationUpdate,
      id: `${conversationId}|start`,
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl: this.options.serviceUrl(),
      conversation: { id: conversationId },
      from: { id: userId },
      recipient: BOT_ACCOUNT,
      membersAdded: [{ id: userId }, BOT_ACCOUNT],
      // The welcome comes before the customer writes: in the browser's language.
      ...(locale ? { locale } : {}),
      timestamp: this.now(),
    } as unknown as Activity;
    await this.options.inFlight.track(() => this.options.adapter.processDirect(update, this.options.logic));
    return true;
  }

  /**
   * Stores the customer's activity, then runs the bot's turn on it before answering, so a
   * polling client that asks next finds the replies. Returns the activity's id.
   */
  async receive(claims: DirectLineTokenClaims, posted: PostedActivity, files?: ReceivedFiles): Promise<string> {
    const { id: _id, ...rest } = posted;
    const customer = this.fromCustomer(claims, rest);
    const activity = files
      ? { ...customer, attachments: files.attachments, channelData: { ...(customer.channelData as object | undefined), balie: { attachments: files.stored } } }
      : customer;
    // Typing is passed on, not kept: no other client needs it later, and it would fill the log.
    if (posted.type === 'typing') {
      const id = randomUUID();
      await this.runTurn(claims.conversationId, { ...activity, id });
      return id;
    }
    const clientActivityId = clientActivityIdOf(posted.channelData);
    const { logged, duplicate } = await this.options.log.append(claims.conversationId, activity, clientActivityId && `client:${clientActivityId}`);
    if (!duplicate) await this.runTurn(claims.conversationId, logged.activity);
    return logged.activity.id;
  }

  /** Tells the bot that the customer's files were refused, so that it explains why in the chat (nothing is logged). */
  async filesRefused(claims: DirectLineTokenClaims, refusal: Refusal): Promise<void> {
    const event = { ...this.fromCustomer(claims, { type: 'event', name: FILES_REFUSED_EVENT, value: refusal }), id: randomUUID() };
    await this.runTurn(claims.conversationId, event);
  }

  /** A customer's activity as the bot sees it: on the webchat channel, from the token's user, to the bot. */
  private fromCustomer(claims: DirectLineTokenClaims, posted: Omit<PostedActivity, 'id'>): Record<string, unknown> {
    return {
      ...posted,
      ...withoutBalieMarks(posted.channelData),
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl: this.options.serviceUrl(),
      conversation: { id: claims.conversationId },
      from: { id: claims.userId, name: (posted.from as { name?: string } | undefined)?.name, role: 'user' },
      recipient: BOT_ACCOUNT,
      timestamp: this.now().toISOString(),
    };
  }

  /** Runs the bot's turn for an activity (tracked, so a shutdown waits for it); a failing turn is logged, not thrown. */
  private async runTurn(conversationId: string, activity: Record<string, unknown>): Promise<void> {
    await this.options.inFlight.track(async () => {
      try {
        await this.options.adapter.processDirect(activity as unknown as Activity, this.options.logic);
      } catch (error) {
        this.options.logger.error({ err: error, conversationId }, 'web chat turn failed');
      }
    });
  }

  /** The bot's reply or proactive message (through the connector routes), stored once. */
  async fromBot(conversationId: string, activity: Record<string, unknown>): Promise<string> {
    const messageId = agentMessageIdOf(activity.channelData);
    const { logged } = await this.options.log.append(
      conversationId,
      { ...activity, id: undefined, from: activity.from ?? BOT_ACCOUNT, conversation: { id: conversationId }, channelId: WEBCHAT_CHANNEL_ID },
      messageId && `agent:${messageId}`,
    );
    return logged.activity.id;
  }

  since(conversationId: string, watermark?: number): Promise<LoggedActivity[]> {
    return this.options.log.since(conversationId, watermark);
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}

/**
 * `channelData.balie` is the server's to write (an agent's name, the files Balie stored): a
 * client's own is dropped, as are attachments posted as JSON (a file arrives only through the
 * upload, where it is checked and stored; a link to elsewhere is not shown to an agent).
 */
function withoutBalieMarks(channelData: unknown): { channelData?: unknown; attachments?: undefined } {
  if (!channelData || typeof channelData !== 'object' || !('balie' in channelData)) return { attachments: undefined };
  const { balie: _balie, ...rest } = channelData as Record<string, unknown>;
  return { channelData: rest, attachments: undefined };
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
