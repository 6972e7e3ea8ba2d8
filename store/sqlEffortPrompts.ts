import { EffortPrompt, EffortPromptStore } from '../analytics/quietSpellSurvey';
import { Language } from '../nlu/language';
import { SqlDatabase } from './sql/sqlDatabase';

interface Row {
  conversation_id: string;
  channel_id: string;
  reference: string;
  language: Language;
  resolved_at: string;
}

/** Effort prompts in the service's database (table effort_prompts); taking one deletes it, so exactly one instance gets it. */
export class SqlEffortPrompts implements EffortPromptStore {
  constructor(private readonly db: SqlDatabase) {}

  async schedule(prompt: EffortPrompt, dueAt: string): Promise<void> {
    await this.db.run(
      `INSERT INTO effort_prompts (conversation_id, channel_id, reference, language, resolved_at, due_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET channel_id = excluded.channel_id, reference = excluded.reference, language = excluded.language,
         resolved_at = excluded.resolved_at, due_at = excluded.due_at`,
      [prompt.conversationId, prompt.channelId, JSON.stringify(prompt.reference), prompt.language, prompt.resolvedAt, dueAt],
    );
  }

  async takeDue(now: string, limit: number): Promise<EffortPrompt[]> {
    const rows = await this.db.all<Row>(
      `DELETE FROM effort_prompts WHERE conversation_id IN (SELECT conversation_id FROM effort_prompts WHERE due_at <= ? ORDER BY due_at LIMIT ?)
       RETURNING conversation_id, channel_id, reference, language, resolved_at`,
      [now, limit],
    );
    return rows
      .map((row) => ({
        conversationId: row.conversation_id,
        channelId: row.channel_id,
        reference: JSON.parse(row.reference) as object,
        language: row.language,
        resolvedAt: row.resolved_at,
      }))
      .sort((a, b) => a.resolvedAt.localeCompare(b.resolvedAt));
  }
}
