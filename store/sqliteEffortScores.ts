import { EffortScore, EffortScoreStore } from '../handoff/effortScores';
import { SqliteDatabase, prepared } from './sqliteDatabase';

interface Row {
  conversation_id: string;
  customer_id: string;
  handoff_id: string | null;
  channel_id: string;
  language: 'nl' | 'en';
  score: number;
  resolved_by: 'bot' | 'agent';
  created_at: string;
}

export class SqliteEffortScores implements EffortScoreStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** The first answer counts; a second one for the same conversation is ignored. */
  record(score: EffortScore): void {
    prepared(this.db, 'INSERT OR IGNORE INTO ces_responses (conversation_id, customer_id, handoff_id, channel_id, language, score, resolved_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(score.conversationId, score.customerId, score.handoffId ?? null, score.channelId, score.language, score.score, score.resolvedBy, score.createdAt);
  }

  forConversation(conversationId: string): EffortScore | undefined {
    const row = prepared<[string], Row>(this.db, 'SELECT * FROM ces_responses WHERE conversation_id = ?').get(conversationId);
    return row
      ? { conversationId: row.conversation_id, customerId: row.customer_id, handoffId: row.handoff_id ?? undefined, channelId: row.channel_id, language: row.language, score: row.score, resolvedBy: row.resolved_by, createdAt: row.created_at }
      : undefined;
  }
}
