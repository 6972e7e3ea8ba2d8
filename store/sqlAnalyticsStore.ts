import { AnalyticsConversation, AnalyticsStore, RecordedMessage } from '../analytics/recorder';
import { AnalyticsMessage, AnswerFeedback, BotResolutionTrigger, ConversationHistory, MessageOutcome } from '../analytics/types';
import { HandoffState } from '../handoff/stateMachine';
import { HandoffReason } from '../handoff/types';
import { Language } from '../nlu/language';
import { oneOf, SqlDatabase } from './sql/sqlDatabase';

interface ConversationRow {
  conversation_id: string;
  customer_id: string;
  channel_id: string;
  language: Language;
  started_at: string;
  bot_resolved_at: string | null;
  bot_resolution: BotResolutionTrigger | null;
  left_at: string | null;
}

interface MessageRow {
  conversation_id: string;
  at: string;
  language: Language;
  text: string;
  intent: string;
  confidence: number;
  candidate: string | null;
  outcome: MessageOutcome;
}

interface HandoffRow {
  conversation_id: string;
  reason: HandoffReason;
  state: HandoffState;
  created_at: string;
  accepted_at: string | null;
  closed_at: string | null;
  ticket: number;
}

interface CesRow {
  conversation_id: string;
  score: number;
  created_at: string;
  resolved_by: 'bot' | 'agent';
  comment: string | null;
}

export class SqlAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: SqlDatabase) {}

  async addMessage(conversation: AnalyticsConversation, message: RecordedMessage): Promise<number> {
    // Two statements, no transaction: a conversation row without its message is harmless, and this runs on every turn.
    await this.db.run(
      `INSERT INTO analytics_conversations (conversation_id, customer_id, channel_id, language, started_at, last_message_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET language = excluded.language, last_message_at = excluded.last_message_at`,
      [conversation.conversationId, conversation.customerId, conversation.channel, conversation.language, message.at, message.at],
    );
    const row = await this.db.get<{ id: number }>(
      `INSERT INTO analytics_messages (conversation_id, at, language, text, intent, confidence, candidate, outcome)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        conversation.conversationId,
        message.at,
        conversation.language,
        message.text,
        message.intent,
        message.confidence,
        message.candidate ?? null,
        message.outcome,
      ],
    );
    return row!.id;
  }

  async setOutcome(messageId: number, outcome: MessageOutcome, intent?: string): Promise<void> {
    await this.db.run('UPDATE analytics_messages SET outcome = ?, intent = COALESCE(?, intent) WHERE id = ?', [outcome, intent ?? null, messageId]);
  }

  async setBotResolution(conversationId: string, trigger: BotResolutionTrigger, at: string): Promise<void> {
    await this.db.run('UPDATE analytics_conversations SET bot_resolved_at = ?, bot_resolution = ? WHERE conversation_id = ? AND bot_resolved_at IS NULL', [
      at,
      trigger,
      conversationId,
    ]);
  }

  async addFeedback(conversationId: string, language: Language, feedback: AnswerFeedback): Promise<void> {
    await this.db.run('INSERT INTO answer_feedback (conversation_id, intent, helpful, language, at) VALUES (?, ?, ?, ?, ?)', [
      conversationId,
      feedback.intent,
      feedback.helpful ? 1 : 0,
      language,
      feedback.at,
    ]);
  }

  async setLeft(conversationId: string, at: string): Promise<void> {
    await this.db.run('UPDATE analytics_conversations SET left_at = COALESCE(left_at, ?) WHERE conversation_id = ?', [at, conversationId]);
  }

  async setEffortComment(conversationId: string, comment: string): Promise<void> {
    await this.db.run('UPDATE ces_responses SET comment = ? WHERE conversation_id = ? AND comment IS NULL', [comment, conversationId]);
  }

  async histories(range: { from: Date; to: Date }): Promise<ConversationHistory[]> {
    const conversations = await this.db.all<ConversationRow>(
      `SELECT conversation_id, customer_id, channel_id, language, started_at, bot_resolved_at, bot_resolution, left_at
       FROM analytics_conversations WHERE started_at >= ? AND started_at < ? ORDER BY started_at`,
      [range.from.toISOString(), range.to.toISOString()],
    );
    const messages = new Map<string, AnalyticsMessage[]>();
    const feedback = new Map<string, AnswerFeedback[]>();
    const handoffs = new Map<string, HandoffRow>();
    const ces = new Map<string, CesRow>();
    const identities = new Map<string, string[]>();
    const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    // All the period's conversations in one list parameter, one query per table.
    const ids = oneOf(
      this.db.dialect,
      conversations.map((c) => c.conversation_id),
    );
    for (const row of await this.db.all<MessageRow>(
      `SELECT conversation_id, at, language, text, intent, confidence, candidate, outcome FROM analytics_messages WHERE conversation_id ${ids.sql} ORDER BY id`,
      [ids.param],
    )) {
      push(messages, row.conversation_id, {
        at: row.at,
        text: row.text,
        language: row.language,
        intent: row.intent,
        confidence: row.confidence,
        candidate: row.candidate ?? undefined,
        outcome: row.outcome,
      });
    }
    for (const row of await this.db.all<{ conversation_id: string; intent: string; helpful: number; at: string }>(
      `SELECT conversation_id, intent, helpful, at FROM answer_feedback WHERE conversation_id ${ids.sql} ORDER BY id`,
      [ids.param],
    )) {
      push(feedback, row.conversation_id, { intent: row.intent, helpful: row.helpful === 1, at: row.at });
    }
    // The conversation's latest handoff decides how it ended; a ticket is one that ever went to the ticket state.
    for (const row of await this.db.all<HandoffRow>(
      `SELECT h.conversation_id, h.reason, h.state, h.created_at, h.accepted_at, h.closed_at,
              CASE WHEN EXISTS (SELECT 1 FROM handoff_events e WHERE e.handoff_id = h.id AND e.to_state = 'ticket') THEN 1 ELSE 0 END AS ticket
       FROM handoffs h WHERE h.conversation_id ${ids.sql} ORDER BY h.created_at, h.rowid`,
      [ids.param],
    )) {
      handoffs.set(row.conversation_id, row);
    }
    for (const row of await this.db.all<CesRow>(
      `SELECT conversation_id, score, created_at, resolved_by, comment FROM ces_responses WHERE conversation_id ${ids.sql}`,
      [ids.param],
    )) {
      ces.set(row.conversation_id, row);
    }
    for (const row of await this.db.all<{ conversation_id: string; identity: string }>(
      `SELECT conversation_id, identity FROM customer_identities WHERE conversation_id ${ids.sql}`,
      [ids.param],
    )) {
      push(identities, row.conversation_id, row.identity);
    }
    return conversations.map((c) => {
      const handoff = handoffs.get(c.conversation_id);
      const score = ces.get(c.conversation_id);
      return {
        conversationId: c.conversation_id,
        customerId: c.customer_id,
        channel: c.channel_id,
        language: c.language,
        startedAt: c.started_at,
        identities: [`${c.channel_id}:${c.customer_id}`, ...(identities.get(c.conversation_id) ?? [])],
        messages: messages.get(c.conversation_id) ?? [],
        botResolution: c.bot_resolved_at ? { at: c.bot_resolved_at, trigger: c.bot_resolution! } : undefined,
        handoff: handoff
          ? {
              reason: handoff.reason,
              state: handoff.state,
              queuedAt: handoff.created_at,
              acceptedAt: handoff.accepted_at ?? undefined,
              closedAt: handoff.closed_at ?? undefined,
              ticket: handoff.ticket === 1,
            }
          : undefined,
        ces: score ? { score: score.score, at: score.created_at, resolvedBy: score.resolved_by, comment: score.comment ?? undefined } : undefined,
        feedback: feedback.get(c.conversation_id) ?? [],
        leftAt: c.left_at ?? undefined,
      };
    });
  }
}
