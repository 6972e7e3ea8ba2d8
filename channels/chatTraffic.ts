import type { Logger } from 'pino';
import { ConsumeRequest, Limiter, RateLimits } from '../cluster/rateLimits';

export interface ChatTrafficPolicy {
  /** Customer messages per conversation per minute (a person cannot type faster). */
  readonly messagesPerMinute: number;
  /** Chat requests per client address per minute (every conversation behind one address together). */
  readonly requestsPerMinutePerAddress: number;
  /** Largest `channelData` accepted, in bytes of JSON. */
  readonly maxChannelDataBytes: number;
  /** What one conversation may store in all (its messages as received), in bytes. */
  readonly conversationQuotaBytes: number;
}

export type TrafficVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 413 | 429; readonly code: string; readonly message: string; readonly retryAfterSeconds?: number };

/** How long a conversation's stored bytes are counted against its quota. */
const QUOTA_WINDOW_SECONDS = 90 * 24 * 3600;

/**
 * The abuse limits on customer traffic, counted in the shared store (so they hold across
 * instances and restarts): messages per conversation, requests per address, the size of
 * channelData, and a storage quota per conversation.
 */
export class ChatTraffic {
  private readonly perConversation: Limiter;
  private readonly perAddress: Limiter;
  private readonly stored: Limiter;

  constructor(
    private readonly limits: RateLimits,
    readonly policy: ChatTrafficPolicy,
    private readonly logger: Logger,
  ) {
    this.perConversation = limits.limiter('chat-conversation', { points: policy.messagesPerMinute, windowSeconds: 60 });
    this.perAddress = limits.limiter('chat-address', { points: policy.requestsPerMinutePerAddress, windowSeconds: 60 });
    this.stored = limits.limiter('chat-quota', { points: policy.conversationQuotaBytes, windowSeconds: QUOTA_WINDOW_SECONDS });
  }

  /** Whether to take a customer's activity; `address` is left out where a channel's servers (not customers) connect. */
  async admit(activity: { conversationId: string; address?: string; body: unknown; bodyBytes?: number; channelData?: unknown }): Promise<TrafficVerdict> {
    const channelDataBytes = activity.channelData === undefined ? 0 : Buffer.byteLength(JSON.stringify(activity.channelData));
    if (channelDataBytes > this.policy.maxChannelDataBytes) {
      return { ok: false, status: 413, code: 'payload_too_large', message: `body.channelData: is larger than ${this.policy.maxChannelDataBytes} bytes` };
    }
    try {
      // The body's size as it arrived, where the request said it (no second serialisation of every message).
      const bytes = activity.bodyBytes ?? Buffer.byteLength(JSON.stringify(activity.body ?? null));
      // Counted in one statement: one round trip to PostgreSQL instead of three.
      const counts: ConsumeRequest[] = [
        { limiter: this.perConversation, key: activity.conversationId },
        { limiter: this.stored, key: activity.conversationId, points: bytes },
      ];
      if (activity.address) counts.push({ limiter: this.perAddress, key: activity.address });
      const [conversation, quota, address] = await this.limits.consumeTogether(counts);
      if (address && !address.allowed) return tooMany(address.retryAfterSeconds, 'too many chat requests from this address');
      if (!conversation.allowed) return tooMany(conversation.retryAfterSeconds, 'too many messages in this conversation; wait a moment');
      if (!quota.allowed) {
        return { ok: false, status: 413, code: 'conversation_quota_exceeded', message: 'this conversation has stored as much as it may; start a new one' };
      }
    } catch (error) {
      // The store is down: the turn will fail on it anyway; limits must not be what loses the message.
      this.logger.error({ err: error }, 'could not count chat traffic; letting the message through');
    }
    return { ok: true };
  }
}

/** The size of a request's body as the client declared it (checked by the body parser), if it did. */
export function declaredBodyBytes(req: { headers: Record<string, string | string[] | undefined> }): number | undefined {
  const length = Number(req.headers['content-length']);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

function tooMany(retryAfterSeconds: number, message: string): TrafficVerdict {
  return { ok: false, status: 429, code: 'too_many_requests', message, retryAfterSeconds };
}
