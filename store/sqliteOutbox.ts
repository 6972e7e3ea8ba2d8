import { Outbox, OutboxMessage } from '../handoff/outbox';
import { SqliteDatabase, prepared } from './sqliteDatabase';

interface Row {
  id: string;
  conversation_id: string;
  handoff_id: string;
  agent_id: string;
  text: string;
  created_at: string;
  delivered_at: string | null;
  attempts: number;
}

const fromRow = (r: Row): OutboxMessage => ({
  id: r.id,
  conversationId: r.conversation_id,
  handoffId: r.handoff_id,
  agentId: r.agent_id,
  text: r.text,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at ?? undefined,
  attempts: r.attempts,
});

export class SqliteOutbox implements Outbox {
  constructor(private readonly db: SqliteDatabase) {}

  add(message: Omit<OutboxMessage, 'deliveredAt' | 'attempts'>): OutboxMessage {
    prepared(this.db, 'INSERT INTO outbox (id, conversation_id, handoff_id, agent_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(message.id, message.conversationId, message.handoffId, message.agentId, message.text, message.createdAt);
    return { ...message, attempts: 0 };
  }

  markDelivered(id: string, at: string): void {
    prepared(this.db, 'UPDATE outbox SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL').run(at, id);
  }

  markAttempt(id: string): void {
    prepared(this.db, 'UPDATE outbox SET attempts = attempts + 1 WHERE id = ?').run(id);
  }

  pending(conversationId?: string): OutboxMessage[] {
    const rows = conversationId
      ? prepared<[string], Row>(this.db, 'SELECT * FROM outbox WHERE delivered_at IS NULL AND conversation_id = ? ORDER BY created_at, rowid').all(conversationId)
      : prepared<[], Row>(this.db, 'SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, rowid').all();
    return rows.map(fromRow);
  }

  forHandoff(handoffId: string): OutboxMessage[] {
    return prepared<[string], Row>(this.db, 'SELECT * FROM outbox WHERE handoff_id = ? ORDER BY created_at, rowid').all(handoffId).map(fromRow);
  }
}
