import { SqliteDatabase, prepared } from '../../store/sqliteDatabase';

/** A stored Direct Line activity; `watermark` is its position in the conversation. */
export interface LoggedActivity {
  readonly watermark: number;
  readonly activity: Record<string, unknown> & { id: string };
}

/**
 * The Direct Line conversations and their activities (both directions), in the service's
 * database, so a web chat survives a restart and any instance can serve it.
 */
export class DirectLineActivityLog {
  private readonly listeners = new Map<string, Set<(logged: LoggedActivity) => void>>();

  constructor(private readonly db: SqliteDatabase, private readonly now: () => Date = () => new Date()) {}

  createConversation(id: string, userId: string): void {
    prepared(this.db, 'INSERT OR IGNORE INTO directline_conversations (id, user_id, created_at) VALUES (?, ?, ?)').run(id, userId, this.now().toISOString());
  }

  exists(conversationId: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM directline_conversations WHERE id = ?').get(conversationId) !== undefined;
  }

  /** Stores an activity, giving it an id and a timestamp if it has none, and tells the open streams. */
  append(conversationId: string, activity: Record<string, unknown>): LoggedActivity {
    const logged = this.db.transaction(() => {
      const seq = ((prepared(this.db, 'SELECT MAX(seq) AS m FROM directline_activities WHERE conversation_id = ?').get(conversationId) as { m: number | null }).m ?? -1) + 1;
      const stored = { ...activity, id: (activity.id as string | undefined) ?? `${conversationId}|${String(seq).padStart(7, '0')}`, timestamp: activity.timestamp ?? this.now().toISOString() };
      prepared(this.db, 'INSERT INTO directline_activities (conversation_id, seq, activity, created_at) VALUES (?, ?, ?, ?)').run(conversationId, seq, JSON.stringify(stored), this.now().toISOString());
      return { watermark: seq, activity: stored as LoggedActivity['activity'] };
    })();
    for (const listener of this.listeners.get(conversationId) ?? []) listener(logged);
    return logged;
  }

  /** Activities after a watermark (all when it is undefined), oldest first. */
  since(conversationId: string, watermark?: number): LoggedActivity[] {
    return prepared<[string, number], { seq: number; activity: string }>(this.db, 'SELECT seq, activity FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq')
      .all(conversationId, watermark ?? -1)
      .map((row) => ({ watermark: row.seq, activity: JSON.parse(row.activity) }));
  }

  /** Calls `listener` for every new activity of the conversation until the returned function is called. */
  subscribe(conversationId: string, listener: (logged: LoggedActivity) => void): () => void {
    const set = this.listeners.get(conversationId) ?? new Set();
    set.add(listener);
    this.listeners.set(conversationId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }
}
