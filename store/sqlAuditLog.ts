import { AuditEntry, AuditLog } from '../agents/auditLog';
import { SqlExecutor } from './sql/sqlDatabase';

interface AuditRow {
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string | null;
}

export class SqlAuditLog implements AuditLog {
  constructor(private readonly db: SqlExecutor) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.run('INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)', [
      entry.at,
      entry.actor,
      entry.action,
      entry.subject,
      entry.detail ?? null,
    ]);
  }

  async list(options: { subject?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 200, 1), 1000);
    const rows = options.subject
      ? await this.db.all<AuditRow>('SELECT at, actor, action, subject, detail FROM audit_log WHERE subject = ? ORDER BY at DESC, id DESC LIMIT ?', [
          options.subject,
          limit,
        ])
      : await this.db.all<AuditRow>('SELECT at, actor, action, subject, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT ?', [limit]);
    return rows.map((row) => ({
      at: new Date(row.at).toISOString(),
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      detail: row.detail ?? undefined,
    }));
  }
}
