import { AnalyticsStore, AnalyticsWrite } from '../analytics/recorder';
import { AnalyticsMessage, AnswerFeedback, BotResolutionTrigger, ConversationHistory, MessageOutcome } from '../analytics/types';
import { HandoffState } from '../handoff/stateMachine';
import { HandoffReason } from '../handoff/types';
import { Language } from '../nlu/language';
import { insertRows } from './sql/multiRowInsert';
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

  async write(writes: readonly AnalyticsWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const messages = writes.flatMap((w) => (w.kind === 'message' ? [w] : []));
    // One row per conversation: started at its first message here, language and time of its last.
    const conversations = new Map<string, unknown[]>();
    for (const { conversation: c, message: m } of messages) {
      const row = conversations.get(c.conversationId);
      if (row) {
        row[3] = c.language;
        row[5] = m.at;
      } else conversations.set(c.conversationId, [c.conversationId, c.customerId, c.channel, c.language, m.at, m.at]);
    }
    await this.db.transaction(async (tx) => {
      await insertRows(
        tx,
        'INSERT INTO analytics_conversations (conversation_id, customer_id, channel_id, language, started_at, last_message_at) VALUES',
        'ON CONFLICT (conversation_id) DO UPDATE SET language = excluded.language, last_message_at = excluded.last_message_at',
        [...conversations.values()],
      );
      await insertRows(
        tx,
        'INSERT INTO analytics_messages (conversation_id, at, language, text, intent, confidence, candidate, outcome) VALUES',
        '',
        messages.map(({ conversation: c, message: m }) => [c.conversationId, m.at, c.language, m.text, m.intent, m.confidence, m.candidate ?? null, m.outcome]),
      );
      await insertRows(
        tx,
        'INSERT INTO answer_feedback (conversation_id, intent, helpful, language, at) VALUES',
        '',
        writes.flatMap((w) => (w.kind === 'feedback' ? [[w.conversationId, w.feedback.intent, w.feedback.helpful ? 1 : 0, w.language, w.feedback.at]] : [])),
      );
      // The rest are rare (a few per conversation): one statement each, in order.
      for (const w of writes) {
        if (w.kind === 'botResolution')
          await tx.run('UPDATE analytics_conversations SET bot_resolved_at = ?, bot_resolution = ? WHERE conversation_id = ? AND bot_resolved_at IS NULL', [
            w.at,
            w.trigger,
            w.conversationId,
          ]);
        else if (w.kind === 'left')
          await tx.run('UPDATE analytics_conversations SET left_at = COALESCE(left_at, ?) WHERE conversation_id = ?', [w.at, w.conversationId]);
        else if (w.kind === 'effortComment')
          await tx.run('UPDATE ces_responses SET comment = ? WHERE conversation_id = ? AND comment IS NULL', [w.comment, w.conversationId]);
      }
    });
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
