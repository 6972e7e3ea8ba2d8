import { AnalyticsConversation, AnalyticsStore, RecordedMessage } from '../analytics/recorder';
import { AnalyticsMessage, AnswerFeedback, BotResolutionTrigger, ConversationHistory, MessageOutcome } from '../analytics/types';
import { HandoffState } from '../handoff/stateMachine';
import { HandoffReason, Language } from '../handoff/types';
import { prepared, SqliteDatabase } from './sqliteDatabase';

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

export class SqliteAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: SqliteDatabase) {}

  addMessage(conversation: AnalyticsConversation, message: RecordedMessage): number {
    return this.db.transaction(() => {
      prepared(this.db,
        `INSERT INTO analytics_conversations (conversation_id, customer_id, channel_id, language, started_at, last_message_at)
         VALUES (@conversationId, @customerId, @channel, @language, @at, @at)
         ON CONFLICT (conversation_id) DO UPDATE SET language = excluded.language, last_message_at = excluded.last_message_at`,
      ).run({ ...conversation, at: message.at });
      const result = prepared(this.db,
        `INSERT INTO analytics_messages (conversation_id, at, language, text, intent, confidence, candidate, outcome)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(conversation.conversationId, message.at, conversation.language, message.text, message.intent, message.confidence, message.candidate ?? null, message.outcome);
      return Number(result.lastInsertRowid);
    })();
  }

  setOutcome(messageId: number, outcome: MessageOutcome, intent?: string): void {
    prepared(this.db, 'UPDATE analytics_messages SET outcome = ?, intent = COALESCE(?, intent) WHERE id = ?').run(outcome, intent ?? null, messageId);
  }

  setBotResolution(conversationId: string, trigger: BotResolutionTrigger, at: string): void {
    prepared(this.db, 'UPDATE analytics_conversations SET bot_resolved_at = ?, bot_resolution = ? WHERE conversation_id = ? AND bot_resolved_at IS NULL').run(at, trigger, conversationId);
  }

  addFeedback(conversationId: string, language: Language, feedback: AnswerFeedback): void {
    prepared(this.db, 'INSERT INTO answer_feedback (conversation_id, intent, helpful, language, at) VALUES (?, ?, ?, ?, ?)').run(conversationId, feedback.intent, feedback.helpful ? 1 : 0, language, feedback.at);
  }

  setLeft(conversationId: string, at: string): void {
    prepared(this.db, 'UPDATE analytics_conversations SET left_at = COALESCE(left_at, ?) WHERE conversation_id = ?').run(at, conversationId);
  }

  setEffortComment(conversationId: string, comment: string): void {
    prepared(this.db, 'UPDATE ces_responses SET comment = ? WHERE conversation_id = ? AND comment IS NULL').run(comment, conversationId);
  }

  histories(range: { from: Date; to: Date }): ConversationHistory[] {
    const conversations = prepared<[string, string], ConversationRow>(this.db,
      'SELECT * FROM analytics_conversations WHERE started_at >= ? AND started_at < ? ORDER BY started_at',
    ).all(range.from.toISOString(), range.to.toISOString());
    const messages = new Map<string, AnalyticsMessage[]>();
    const feedback = new Map<string, AnswerFeedback[]>();
    const handoffs = new Map<string, HandoffRow>();
    const ces = new Map<string, { score: number; created_at: string; resolved_by: 'bot' | 'agent'; comment: string | null }>();
    const identities = new Map<string, string[]>();
    const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    // All the period's conversations in one list parameter, one query per table.
    const ids = JSON.stringify(conversations.map((c) => c.conversation_id));
    const inList = 'IN (SELECT value FROM json_each(?))';
    for (const row of prepared<[string], MessageRow>(this.db, `SELECT * FROM analytics_messages WHERE conversation_id ${inList} ORDER BY id`).all(ids)) {
      push(messages, row.conversation_id, { at: row.at, text: row.text, language: row.language, intent: row.intent, confidence: row.confidence, candidate: row.candidate ?? undefined, outcome: row.outcome });
    }
    for (const row of prepared<[string], { conversation_id: string; intent: string; helpful: number; at: string }>(this.db, `SELECT * FROM answer_feedback WHERE conversation_id ${inList} ORDER BY id`).all(ids)) {
      push(feedback, row.conversation_id, { intent: row.intent, helpful: row.helpful === 1, at: row.at });
    }
    // The conversation's latest handoff decides how it ended; a ticket is one that ever went to the ticket state.
    for (const row of prepared<[string], HandoffRow>(this.db,
        `SELECT h.conversation_id, h.reason, h.state, h.created_at, h.accepted_at, h.closed_at,
                EXISTS (SELECT 1 FROM handoff_events e WHERE e.handoff_id = h.id AND e.to_state = 'ticket') AS ticket
         FROM handoffs h WHERE h.conversation_id ${inList} ORDER BY h.created_at`,
      )
      .all(ids)) {
      handoffs.set(row.conversation_id, row);
    }
    for (const row of prepared<[string], { conversation_id: string; score: number; created_at: string; resolved_by: 'bot' | 'agent'; comment: string | null }>(this.db, `SELECT * FROM ces_responses WHERE conversation_id ${inList}`).all(ids)) {
      ces.set(row.conversation_id, row);
    }
    for (const row of prepared<[string], { conversation_id: string; identity: string }>(this.db, `SELECT conversation_id, identity FROM customer_identities WHERE conversation_id ${inList}`).all(ids)) {
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
          ? { reason: handoff.reason, state: handoff.state, queuedAt: handoff.created_at, acceptedAt: handoff.accepted_at ?? undefined, closedAt: handoff.closed_at ?? undefined, ticket: handoff.ticket === 1 }
          : undefined,
        ces: score ? { score: score.score, at: score.created_at, resolvedBy: score.resolved_by, comment: score.comment ?? undefined } : undefined,
        feedback: feedback.get(c.conversation_id) ?? [],
        leftAt: c.left_at ?? undefined,
      };
    });
  }
}
