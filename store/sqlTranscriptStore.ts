import { ConversationSummary, Direction, TranscriptActivity, TranscriptEntry, TranscriptStore } from '../handoff/transcripts';
import { SqlExecutor } from './sql/sqlDatabase';

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

const summary = (conversationId: string, r: { channel_id: string; started_at: string; first_message: string | null }): ConversationSummary => ({
  conversationId,
  channelId: r.channel_id,
  startedAt: r.started_at,
  firstMessage: r.first_message ?? '',
});

export class SqlTranscriptStore implements TranscriptStore {
  constructor(private readonly db: SqlExecutor) {}

  async append(direction: Direction, activity: TranscriptActivity, dedupeKey?: string): Promise<number | undefined> {
    const timestamp = activity.timestamp ? new Date(activity.timestamp).toISOString() : new Date().toISOString();
    const row = await this.db.get<{ id: number }>(
      `INSERT INTO transcript (conversation_id, channel_id, direction, activity_type, from_id, text, timestamp, activity, dedupe_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
      [
        activity.conversation?.id ?? 'unknown',
        activity.channelId ?? 'unknown',
        direction,
        activity.type ?? 'unknown',
        activity.from?.id ?? null,
        activity.text ?? null,
        timestamp,
        JSON.stringify(activity),
        dedupeKey ?? null,
      ],
    );
    return row?.id;
  }

  async conversationSummary(conversationId: string): Promise<ConversationSummary | undefined> {
    const row = await this.db.get<{ channel_id: string; started_at: string; first_message: string | null }>(
      `SELECT channel_id, MIN(timestamp) AS started_at,
              (SELECT text FROM transcript
               WHERE conversation_id = t.conversation_id AND direction = 'in' AND text IS NOT NULL ORDER BY id LIMIT 1) AS first_message
       FROM transcript t WHERE conversation_id = ? GROUP BY conversation_id, channel_id`,
      [conversationId],
    );
    return row ? summary(conversationId, row) : undefined;
  }

  async conversationsOf(fromId: string, exceptConversationId: string, limit = 10): Promise<ConversationSummary[]> {
    const rows = await this.db.all<{ conversation_id: string; channel_id: string; started_at: string; first_message: string | null }>(
      `SELECT conversation_id, channel_id, MIN(timestamp) AS started_at,
              (SELECT t2.text FROM transcript t2
               WHERE t2.conversation_id = t.conversation_id AND t2.direction = 'in' AND t2.text IS NOT NULL ORDER BY t2.id LIMIT 1) AS first_message
       FROM transcript t WHERE from_id = ? AND direction = 'in' AND conversation_id <> ?
       GROUP BY conversation_id, channel_id ORDER BY started_at DESC LIMIT ?`,
      [fromId, exceptConversationId, limit],
    );
    return rows.map((r) => summary(r.conversation_id, r));
  }

  async list(conversationId: string, limit = 10_000): Promise<TranscriptEntry[]> {
    const rows = await this.db.all<Row>(
      `SELECT id, conversation_id, channel_id, direction, activity_type, from_id, text, timestamp, activity
       FROM transcript WHERE conversation_id = ? ORDER BY id LIMIT ?`,
      [conversationId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      conversationId: row.conversation_id,
      channelId: row.channel_id,
      direction: row.direction,
      type: row.activity_type,
      fromId: row.from_id,
      text: row.text,
      timestamp: row.timestamp,
      activity: JSON.parse(row.activity) as unknown,
    }));
  }
}
