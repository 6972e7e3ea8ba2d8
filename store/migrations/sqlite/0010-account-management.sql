-- Accounts can be disabled (their logins end; the history they wrote stays theirs).
ALTER TABLE agents ADD COLUMN disabled_at TEXT;
-- Who did what to which conversation or account, for supervisors and auditors. Holds ids
-- only, never a customer's words or contact details.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);
CREATE INDEX audit_log_at ON audit_log (at);
