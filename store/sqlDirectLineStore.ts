import { DirectLineStore, LoggedActivity } from '../channels/directLine/directLineStore';
import { SqlDatabase } from './sql/sqlDatabase';

export class SqlDirectLineStore implements DirectLineStore {
  constructor(private readonly db: SqlDatabase) {}

  async createConversation(id: string, userId: string, at: string): Promise<boolean> {
    return (
      (await this.db.run('INSERT INTO directline_conversations (id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [id, userId, at])) === 1
    );
  }

  async exists(conversationId: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS found FROM directline_conversations WHERE id = ?', [conversationId])) !== undefined;
  }

  async append(
    conversationId: string,
    build: (watermark: number) => Record<string, unknown> & { id: string },
    at: string,
    dedupeKey?: string,
  ): Promise<{ logged: LoggedActivity; duplicate: boolean }> {
    return this.db.transaction(async (tx) => {
      // Taking the number locks the conversation's row: appends on other instances wait, so
      // watermarks are consecutive and the duplicate check below sees every earlier append.
      const taken = await tx.get<{ seq: number }>('UPDATE directline_conversations SET next_seq = next_seq + 1 WHERE id = ? RETURNING next_seq - 1 AS seq', [
        conversationId,
      ]);
      if (!taken) throw new Error(`no Direct Line conversation ${conversationId}`);
      if (dedupeKey !== undefined) {
        const earlier = await tx.get<{ seq: number; activity: string }>(
          'SELECT seq, activity FROM directline_activities WHERE conversation_id = ? AND dedupe_key = ?',
          [conversationId, dedupeKey],
        );
        if (earlier) {
          await tx.run('UPDATE directline_conversations SET next_seq = next_seq - 1 WHERE id = ?', [conversationId]);
          return { logged: { watermark: earlier.seq, activity: JSON.parse(earlier.activity) as LoggedActivity['activity'] }, duplicate: true };
        }
      }
      const activity = build(taken.seq);
      await tx.run('INSERT INTO directline_activities (conversation_id, seq, activity, created_at, dedupe_key) VALUES (?, ?, ?, ?, ?)', [
        conversationId,
        taken.seq,
        JSON.stringify(activity),
        at,
        dedupeKey ?? null,
      ]);
      return { logged: { watermark: taken.seq, activity }, duplicate: false };
    });
  }

  async since(conversationId: string, watermark?: number): Promise<LoggedActivity[]> {
    const rows = await this.db.all<{ seq: number; activity: string }>(
      'SELECT seq, activity FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq',
      [conversationId, watermark ?? -1],
    );
    return rows.map((row) => ({ watermark: row.seq, activity: JSON.parse(row.activity) as LoggedActivity['activity'] }));
  }
}
