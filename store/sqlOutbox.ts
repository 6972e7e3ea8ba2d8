import { Outbox, OutboxMessage } from '../handoff/outbox';
import { SqlDatabase } from './sql/sqlDatabase';

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

const COLUMNS = 'id, conversation_id, handoff_id, agent_id, text, created_at, delivered_at, attempts';

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

export class SqlOutbox implements Outbox {
  constructor(private readonly db: SqlDatabase) {}

  async add(message: Omit<OutboxMessage, 'deliveredAt' | 'attempts'>, claimant: string, claimedUntil: string): Promise<OutboxMessage> {
    await this.db.run(
      'INSERT INTO outbox (id, conversation_id, handoff_id, agent_id, text, created_at, claimed_by, claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [message.id, message.conversationId, message.handoffId, message.agentId, message.text, message.createdAt, claimant, claimedUntil],
    );
    return { ...message, attempts: 0 };
  }

  async claimPending(
    claimant: string,
    now: string,
    claimedUntil: string,
    conversationId?: string,
    limit = 50,
    takeOwnClaims = false,
  ): Promise<OutboxMessage[]> {
    // PostgreSQL: rows another instance is claiming right now are skipped, not waited for.
    const skipLocked = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    return this.db.transaction(async (tx) => {
      const ofConversation = conversationId === undefined ? '' : 'AND conversation_id = ?';
      const own = takeOwnClaims ? 'OR claimed_by = ?' : '';
      const candidates = await tx.all<{ id: string }>(
        `SELECT id FROM outbox WHERE delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < ? ${own}) ${ofConversation}
         ORDER BY created_at, rowid LIMIT ? ${skipLocked}`,
        [now, ...(takeOwnClaims ? [claimant] : []), ...(conversationId === undefined ? [] : [conversationId]), limit],
      );
      const claimed: OutboxMessage[] = [];
      for (const { id } of candidates) {
        const row = await tx.get<Row>(`UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ? RETURNING ${COLUMNS}`, [claimant, claimedUntil, id]);
        if (row) claimed.push(fromRow(row));
      }
      return claimed;
    });
  }

  async markDelivered(id: string, at: string): Promise<void> {
    await this.db.run('UPDATE outbox SET delivered_at = ?, claimed_until = NULL WHERE id = ? AND delivered_at IS NULL', [at, id]);
  }

  async markAttempt(id: string): Promise<void> {
    await this.db.run('UPDATE outbox SET attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL WHERE id = ?', [id]);
  }

  async pending(conversationId?: string): Promise<OutboxMessage[]> {
    const rows = conversationId
      ? await this.db.all<Row>(`SELECT ${COLUMNS} FROM outbox WHERE delivered_at IS NULL AND conversation_id = ? ORDER BY created_at, rowid`, [conversationId])
      : await this.db.all<Row>(`SELECT ${COLUMNS} FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, rowid`);
    return rows.map(fromRow);
  }

  async backlog(): Promise<number> {
    return (await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL'))!.n;
  }

  async forHandoff(handoffId: string): Promise<OutboxMessage[]> {
    return (await this.db.all<Row>(`SELECT ${COLUMNS} FROM outbox WHERE handoff_id = ? ORDER BY created_at, rowid`, [handoffId])).map(fromRow);
  }
}
