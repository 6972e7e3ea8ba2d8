import { SqliteDatabase, prepared } from './sqliteDatabase';

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

interface Row {
  id: number;
  conversation_id: string;
  channel_id: string;
  direction: Direction;
  activity_type: string;
  from_id: string | null;
  text: string | null;
  timestamp: string;
  activity: string;
}

/** Append-only log of every activity in and out of a conversation. */
export class TranscriptStore {
  private readonly insert;
  private readonly byConversation;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = prepared(db, 
      `INSERT INTO transcript (conversation_id, channel_id, direction, activity_type, from_id, text, timestamp, activity)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byConversation = db.prepare<[string, number], Row>('SELECT * FROM transcript WHERE conversation_id = ? ORDER BY id LIMIT ?');
  }

  append(direction: Direction, activity: TranscriptActivity): number {
    const timestamp = activity.timestamp ? new Date(activity.timestamp).toISOString() : new Date().toISOString();
    const result = this.insert.run(
      activity.conversation?.id ?? 'unknown',
      activity.channelId ?? 'unknown',
      direction,
      activity.type ?? 'unknown',
      activity.from?.id ?? null,
      activity.text ?? null,
      timestamp,
      JSON.stringify(activity),
    );
    return Number(result.lastInsertRowid);
  }

  /** When and on which channel a conversation started, and the customer's first message. */
  conversationSummary(conversationId: string): { conversationId: string; channelId: string; startedAt: string; firstMessage: string } | undefined {
    const row = prepared<[string], { channel_id: string; started_at: string; first_message: string | null }>(this.db, 
        `SELECT channel_id, MIN(timestamp) AS started_at,
                (SELECT text FROM transcript WHERE conversation_id = t.conversation_id AND direction = 'in' AND text IS NOT NULL ORDER BY id LIMIT 1) AS first_message
         FROM transcript t WHERE conversation_id = ? GROUP BY conversation_id, channel_id`,
      )
      .get(conversationId);
    return row ? { conversationId, channelId: row.channel_id, startedAt: row.started_at, firstMessage: row.first_message ?? '' } : undefined;
  }

  /** A customer's other conversations (by the sender id of their messages), newest first. */
  conversationsOf(fromId: string, exceptConversationId: string, limit = 10): { conversationId: string; channelId: string; startedAt: string; firstMessage: string }[] {
    return prepared<[string, string, number], { conversation_id: string; channel_id: string; started_at: string; first_message: string }>(this.db, 
        `SELECT conversation_id, channel_id, MIN(timestamp) AS started_at,
                (SELECT t2.text FROM transcript t2 WHERE t2.conversation_id = t.conversation_id AND t2.direction = 'in' AND t2.text IS NOT NULL ORDER BY t2.id LIMIT 1) AS first_message
         FROM transcript t WHERE from_id = ? AND direction = 'in' AND conversation_id <> ?
         GROUP BY conversation_id, channel_id ORDER BY started_at DESC LIMIT ?`,
      )
      .all(fromId, exceptConversationId, limit)
      .map((r) => ({ conversationId: r.conversation_id, channelId: r.channel_id, startedAt: r.started_at, firstMessage: r.first_message ?? '' }));
  }

  list(conversationId: string, limit = 10_000): TranscriptEntry[] {
    return this.byConversation.all(conversationId, limit).map((row) => ({
      id: row.id,
      conversationId: row.conversation_id,
      channelId: row.channel_id,
      direction: row.direction,
      type: row.activity_type,
      fromId: row.from_id,
      text: row.text,
      timestamp: row.timestamp,
      activity: JSON.parse(row.activity),
    }));
  }
}
