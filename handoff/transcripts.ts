import { filesOf } from '../attachments/messageFiles';
import { AGENT_ID_PREFIX, TranscriptLine } from './types';

export type Direction = 'in' | 'out';

/** The part of an activity the transcript needs; kept free of Bot Framework types. */
export interface TranscriptActivity {
  readonly type?: string;
  readonly id?: string;
  readonly text?: string;
  readonly channelId?: string;
  readonly timestamp?: Date | string;
  readonly conversation?: { readonly id?: string };
  readonly from?: { readonly id?: string };
}

export interface TranscriptEntry {
  readonly id: number;
  readonly conversationId: string;
  readonly channelId: string;
  readonly direction: Direction;
  readonly type: string;
  readonly fromId: string | null;
  readonly text: string | null;
  readonly timestamp: string;
  readonly activity: unknown;
}

/** A conversation as a line in a customer's history. */
export interface ConversationSummary {
  readonly conversationId: string;
  readonly channelId: string;
  readonly startedAt: string;
  readonly firstMessage: string;
}

/** Append-only log of every activity in and out of a conversation. */
export interface TranscriptStore {
  /**
   * Stores an activity; resolves with true once it is stored. With a `dedupeKey` (the channel's
   * activity id, an agent message's id) a second append of the same key in the same direction
   * stores nothing and resolves with false: the message was already there. Appends made one
   * after another without waiting are stored in that order.
   */
  append(direction: Direction, activity: TranscriptActivity, dedupeKey?: string): Promise<boolean>;
  /** When and on which channel a conversation started, and the customer's first message. */
  conversationSummary(conversationId: string): Promise<ConversationSummary | undefined>;
  /** A customer's other conversations (by the sender id of their messages), newest first. */
  conversationsOf(fromId: string, exceptConversationId: string, limit?: number): Promise<ConversationSummary[]>;
  list(conversationId: string, limit?: number): Promise<TranscriptEntry[]>;
}

/** A transcript entry as the agent reads it: who (customer, bot or agent), when, what; undefined for non-messages. */
function toTranscriptLine(entry: TranscriptEntry): TranscriptLine | undefined {
  if (entry.type !== 'message') return undefined;
  const files = entry.direction === 'in' ? filesOf(entry.activity) : [];
  if (!entry.text && files.length === 0) return undefined;
  const from = entry.direction === 'in' ? 'customer' : entry.fromId?.startsWith(AGENT_ID_PREFIX) ? 'agent' : 'bot';
  return { at: entry.timestamp, from, text: entry.text ?? '', ...(files.length > 0 ? { files } : {}) };
}

/** A conversation's messages as the agent reads them, in order. */
export async function transcriptLines(transcripts: TranscriptStore, conversationId: string): Promise<TranscriptLine[]> {
  return (await transcripts.list(conversationId)).map(toTranscriptLine).filter((line) => line !== undefined);
}
