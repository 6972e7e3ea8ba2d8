-- Accounts can be disabled (their logins end; the history they wrote stays theirs).
ALTER TABLE agents ADD COLUMN disabled_at timestamptz;
-- Who did what to which conversation or account, for supervisors and auditors. Holds ids
-- only, never a customer's words or contact details.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  subject text NOT NULL,
  detail text
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);
CREATE INDEX audit_log_at ON audit_log (at);
