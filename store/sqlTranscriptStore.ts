import { ConversationSummary, Direction, TranscriptActivity, TranscriptEntry, TranscriptStore } from '../handoff/transcripts';
import { Batcher } from './batcher';
import { insertRows } from './sql/multiRowInsert';
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
  private readonly inserts = new Batcher<readonly unknown[], boolean>((rows) => this.insertBatch(rows), 256);

  constructor(private readonly db: SqlExecutor) {}

  /** Appends made while an INSERT is under way go together in the next one (Batcher), in order. */
  append(direction: Direction, activity: TranscriptActivity, dedupeKey?: string): Promise<boolean> {
    const timestamp = activity.timestamp ? new Date(activity.timestamp).toISOString() : new Date().toISOString();
    const row = [
      activity.conversation?.id ?? 'unknown',
      activity.channelId ?? 'unknown',
      direction,
      activity.type ?? 'unknown',
      activity.from?.id ?? null,
      activity.text ?? null,
      timestamp,
      JSON.stringify(activity),
      dedupeKey ?? null,
    ];
    return this.inserts.add(row);
  }

  /** Inserts the rows in order; for each, whether it was stored (false: its dedupe key was there already). */
  private async insertBatch(rows: readonly (readonly unknown[])[]): Promise<boolean[]> {
    // The same key twice in one batch: the first is the message, the second a repeat.
    const keyOf = (row: readonly unknown[]) => (row[8] === null ? undefined : JSON.stringify([row[0], row[2], row[8]]));
    const seen = new Set<string>();
    const unique = rows.filter((row) => {
      const key = keyOf(row);
      if (key === undefined) return true;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const returned = await insertRows<{ conversation_id: string; direction: string; dedupe_key: string | null }>(
      this.db,
      'INSERT INTO transcript (conversation_id, channel_id, direction, activity_type, from_id, text, timestamp, activity, dedupe_key) VALUES',
      'ON CONFLICT DO NOTHING RETURNING conversation_id, direction, dedupe_key',
      unique,
    );
    const inserted = new Set(returned.filter((r) => r.dedupe_key !== null).map((r) => JSON.stringify([r.conversation_id, r.direction, r.dedupe_key])));
    const answered = new Set<string>();
    return rows.map((row) => {
      const key = keyOf(row);
      if (key === undefined) return true;
      if (answered.has(key) || !inserted.has(key)) return false;
      answered.add(key);
      return true;
    });
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
