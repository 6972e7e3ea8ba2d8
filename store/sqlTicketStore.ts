import { ClaimTimes, DeliveryStatus, DeliverySubject, NewDelivery, TicketDelivery, TicketMessage, TicketStore } from '../handoff/ticketStore';
import { claimDueRows } from './claims';
import { SqlDatabase } from './sql/sqlDatabase';

interface MessageRow {
  id: string;
  handoff_id: string;
  author: TicketMessage['author'];
  agent_id: string | null;
  text: string;
  conversation_id: string | null;
  created_at: string;
}

interface DeliveryRow {
  id: string;
  handoff_id: string;
  subject: DeliverySubject;
  channel: string;
  recipient: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
}

const MESSAGE_COLUMNS = 'id, handoff_id, author, agent_id, text, conversation_id, created_at';
const DELIVERY_COLUMNS = 'id, handoff_id, subject, channel, recipient, status, attempts, last_error, next_attempt_at, created_at, sent_at, delivered_at';

const messageFromRow = (r: MessageRow): TicketMessage => ({
  id: r.id,
  handoffId: r.handoff_id,
  author: r.author,
  agentId: r.agent_id ?? undefined,
  text: r.text,
  conversationId: r.conversation_id ?? undefined,
  createdAt: r.created_at,
});

const deliveryFromRow = (r: DeliveryRow): TicketDelivery => ({
  id: r.id,
  handoffId: r.handoff_id,
  subject: r.subject,
  channel: r.channel,
  recipient: r.recipient ?? undefined,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error ?? undefined,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  sentAt: r.sent_at ?? undefined,
  deliveredAt: r.delivered_at ?? undefined,
});

export class SqlTicketStore implements TicketStore {
  constructor(private readonly db: SqlDatabase) {}

  async addMessage(m: TicketMessage): Promise<void> {
    await this.db.run(`INSERT INTO ticket_messages (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      m.id,
      m.handoffId,
      m.author,
      m.agentId ?? null,
      m.text,
      m.conversationId ?? null,
      m.createdAt,
    ]);
  }

  async messages(handoffId: string): Promise<TicketMessage[]> {
    const rows = await this.db.all<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE handoff_id = ? ORDER BY created_at, rowid`, [handoffId]);
    return rows.map(messageFromRow);
  }

  async getMessage(id: string): Promise<TicketMessage | undefined> {
    const row = await this.db.get<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE id = ?`, [id]);
    return row ? messageFromRow(row) : undefined;
  }

  async schedule(deliveries: readonly NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.run(
      `INSERT INTO ticket_deliveries (id, handoff_id, subject, channel, recipient, status, next_attempt_at, created_at)
       VALUES ${deliveries.map(() => "(?, ?, ?, ?, ?, 'pending', ?, ?)").join(', ')}
       ON CONFLICT (handoff_id, subject, channel) DO NOTHING`,
      deliveries.flatMap((d) => [d.id, d.handoffId, d.subject, d.channel, d.recipient ?? null, d.createdAt, d.createdAt]),
    );
  }

  async claimDue(claimant: string, times: ClaimTimes, limit = 20): Promise<TicketDelivery[]> {
    const work = { table: 'ticket_deliveries', columns: DELIVERY_COLUMNS, order: 'next_attempt_at, rowid' };
    return (await claimDueRows<DeliveryRow>(this.db, work, claimant, times, limit)).map(deliveryFromRow);
  }

  async markSent(id: string, status: 'sent' | 'delivered' | 'skipped', at: string): Promise<void> {
    await this.db.run(
      `UPDATE ticket_deliveries SET status = ?, attempts = attempts + 1, sent_at = ?, delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END,
         last_error = NULL, claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND status = 'pending'`,
      [status, at, status, at, id],
    );
  }

  async markAttemptFailed(id: string, error: string, retryAt?: string): Promise<void> {
    await this.db.run(
      `UPDATE ticket_deliveries SET attempts = attempts + 1, last_error = ?, status = ?, next_attempt_at = COALESCE(?, next_attempt_at),
         claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND status = 'pending'`,
      [error.slice(0, 500), retryAt ? 'pending' : 'failed', retryAt ?? null, id],
    );
  }

  async markDelivered(id: string, at: string): Promise<void> {
    await this.db.run(`UPDATE ticket_deliveries SET status = 'delivered', delivered_at = ? WHERE id = ? AND status IN ('pending', 'sent')`, [at, id]);
  }

  async deliveries(handoffId: string): Promise<TicketDelivery[]> {
    const rows = await this.db.all<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM ticket_deliveries WHERE handoff_id = ? ORDER BY created_at, rowid`, [
      handoffId,
    ]);
    return rows.map(deliveryFromRow);
  }

  async backlog(): Promise<Record<string, number>> {
    const rows = await this.db.all<{ channel: string; n: number | string }>(
      "SELECT channel, COUNT(*) AS n FROM ticket_deliveries WHERE status = 'pending' GROUP BY channel",
    );
    return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
  }
}
