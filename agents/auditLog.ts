/** What the audit log records: who (an agent id, or "cli"/"system"), did what, to which subject, when. */
export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  /** e.g. conversation.read, account.password_reset, account.disabled, account.role, customer.export, customer.erase */
  readonly action: string;
  /** A conversation id, an agent id, or a request reference: never a customer's words or contact details. */
  readonly subject: string;
  readonly detail?: string;
}

/** An append-only record of sensitive actions, for supervisors and auditors. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first; optionally only one subject's entries. */
  list(options?: { subject?: string; limit?: number }): Promise<AuditEntry[]>;
}
