-- Tickets get a lifecycle of their own: ticket → answered (the customer may reply, which
-- reopens it) → closed, with an owner (agent_id), a due time and the moment it went overdue.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt (the migration
-- runs with foreign keys off and checks them before it commits).
CREATE TABLE handoffs_rebuilt (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  language TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'agent', 'ticket', 'answered', 'closed', 'resolved', 'abandoned')),
  reason TEXT NOT NULL,
  priority INTEGER NOT NULL,
  agent_id TEXT,
  created_at TEXT NOT NULL,
  accepted_at TEXT,
  closed_at TEXT,
  note TEXT,
  context TEXT NOT NULL,
  conversation_reference TEXT NOT NULL,
  last_told_position INTEGER,
  masked_at TEXT,
  due_at TEXT,
  answered_at TEXT,
  overdue_at TEXT
);
INSERT INTO handoffs_rebuilt (rowid, id, reference, conversation_id, channel_id, customer_id, language, state, reason, priority, agent_id,
  created_at, accepted_at, closed_at, note, context, conversation_reference, last_told_position, masked_at)
SELECT rowid, id, reference, conversation_id, channel_id, customer_id, language, state, reason, priority, agent_id,
  created_at, accepted_at, closed_at, note, context, conversation_reference, last_told_position, masked_at
FROM handoffs ORDER BY rowid;
DROP TABLE handoffs;
ALTER TABLE handoffs_rebuilt RENAME TO handoffs;
CREATE UNIQUE INDEX handoffs_one_open ON handoffs (conversation_id) WHERE state IN ('queued', 'agent');
CREATE INDEX handoffs_state ON handoffs (state, created_at);
CREATE INDEX handoffs_customer ON handoffs (customer_id, created_at);
CREATE INDEX handoffs_conversation ON handoffs (conversation_id, created_at);

-- Tickets closed before there was a lifecycle were 'resolved'.
UPDATE handoffs SET state = 'closed' WHERE state = 'resolved' AND id IN (SELECT handoff_id FROM handoff_events WHERE to_state = 'ticket');

-- The written thread of a ticket: the agents' answers and the customer's replies.
CREATE TABLE ticket_messages (
  id TEXT PRIMARY KEY,
  handoff_id TEXT NOT NULL REFERENCES handoffs (id),
  author TEXT NOT NULL CHECK (author IN ('agent', 'customer')),
  agent_id TEXT,
  text TEXT NOT NULL,
  -- Where the customer wrote a reply (it may be a later conversation than the ticket's).
  conversation_id TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX ticket_messages_handoff ON ticket_messages (handoff_id, created_at);

-- What a ticket sends the customer (an answer, the overdue notice, the effort question), once
-- per channel: claimed by one instance at a time, retried with backoff, its outcome kept
-- (skipped: no longer needed, e.g. the effort question was already answered there).
CREATE TABLE ticket_deliveries (
  id TEXT PRIMARY KEY,
  handoff_id TEXT NOT NULL REFERENCES handoffs (id),
  subject TEXT NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'delivered', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT NOT NULL,
  claimed_by TEXT,
  claimed_until TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  delivered_at TEXT,
  UNIQUE (handoff_id, subject, channel)
);
CREATE INDEX ticket_deliveries_due ON ticket_deliveries (status, next_attempt_at);

-- Ticket events for the shop's helpdesk (TICKETS_WEBHOOK_URL), kept until the helpdesk
-- accepted them: at least once, retried with backoff, one instance at a time per event.
CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  handoff_id TEXT,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT NOT NULL,
  claimed_by TEXT,
  claimed_until TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_events_due ON webhook_events (status, next_attempt_at);
CREATE INDEX webhook_events_handoff ON webhook_events (handoff_id);
