import { ClaimTimes } from '../handoff/ticketStore';
import { WebhookEvent, WebhookOutbox } from '../handoff/webhookOutbox';
import { claimDueRows } from './claims';
import { SqlDatabase } from './sql/sqlDatabase';

interface Row {
  id: string;
  type: string;
  handoff_id: string | null;
  payload: string;
  status: WebhookEvent['status'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  created_at: string;
  delivered_at: string | null;
}

const COLUMNS = 'id, type, handoff_id, payload, status, attempts, last_error, next_attempt_at, created_at, delivered_at';

const fromRow = (r: Row): WebhookEvent => ({
  id: r.id,
  type: r.type,
  handoffId: r.handoff_id ?? undefined,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error ?? undefined,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at ?? undefined,
});

export class SqlWebhookOutbox implements WebhookOutbox {
  constructor(private readonly db: SqlDatabase) {}

  async add(event: Pick<WebhookEvent, 'id' | 'type' | 'handoffId' | 'payload' | 'createdAt'>): Promise<void> {
    await this.db.run("INSERT INTO webhook_events (id, type, handoff_id, payload, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)", [
      event.id,
      event.type,
      event.handoffId ?? null,
      event.payload,
      event.createdAt,
      event.createdAt,
    ]);
  }

  /** In the order the events happened (a retried one waits for its time). */
  async claimDue(claimant: string, times: ClaimTimes, limit = 20): Promise<WebhookEvent[]> {
    return (await claimDueRows<Row>(this.db, { table: 'webhook_events', columns: COLUMNS, order: 'created_at, rowid' }, claimant, times, limit)).map(fromRow);
  }

  async markDelivered(id: string, at: string): Promise<void> {
    await this.db.run(
      "UPDATE webhook_events SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
      [at, id],
    );
  }

  async markAttemptFailed(id: string, error: string, retryAt?: string): Promise<void> {
    await this.db.run(
      `UPDATE webhook_events SET attempts = attempts + 1, last_error = ?, status = ?, next_attempt_at = COALESCE(?, next_attempt_at),
         claimed_by = NULL, claimed_until = NULL
       WHERE id = ? AND status = 'pending'`,
      [error.slice(0, 500), retryAt ? 'pending' : 'failed', retryAt ?? null, id],
    );
  }

  async backlog(): Promise<number> {
    return Number((await this.db.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM webhook_events WHERE status = 'pending'"))!.n);
  }

  async removeFinishedBefore(cutoff: string): Promise<number> {
    return this.db.run("DELETE FROM webhook_events WHERE status <> 'pending' AND created_at < ?", [cutoff]);
  }
}
