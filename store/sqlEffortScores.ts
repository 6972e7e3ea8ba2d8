import { Language } from '../nlu/language';
import { EffortScore, EffortScoreStore } from '../handoff/effortScores';
import { SqlExecutor } from './sql/sqlDatabase';

interface Row {
  conversation_id: string;
  customer_id: string;
  handoff_id: string | null;
  channel_id: string;
  language: Language;
  score: number;
  resolved_by: 'bot' | 'agent';
  created_at: string;
}

export class SqlEffortScores implements EffortScoreStore {
  constructor(private readonly db: SqlExecutor) {}

  /** The first answer counts; a second one for the same conversation is ignored. */
  async record(score: EffortScore): Promise<void> {
    await this.db.run(
      `INSERT INTO ces_responses (conversation_id, customer_id, handoff_id, channel_id, language, score, resolved_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [score.conversationId, score.customerId, score.handoffId ?? null, score.channelId, score.language, score.score, score.resolvedBy, score.createdAt],
    );
  }

  async forConversation(conversationId: string): Promise<EffortScore | undefined> {
    const row = await this.db.get<Row>(
      'SELECT conversation_id, customer_id, handoff_id, channel_id, language, score, resolved_by, created_at FROM ces_responses WHERE conversation_id = ?',
      [conversationId],
    );
    return row
      ? {
          conversationId: row.conversation_id,
          customerId: row.customer_id,
          handoffId: row.handoff_id ?? undefined,
          channelId: row.channel_id,
          language: row.language,
          score: row.score,
          resolvedBy: row.resolved_by,
          createdAt: row.created_at,
        }
      : undefined;
  }
}
