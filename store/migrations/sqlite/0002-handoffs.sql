CREATE TABLE handoffs (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  language TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'agent', 'ticket', 'resolved', 'abandoned')),
  reason TEXT NOT NULL,
  priority INTEGER NOT NULL,
  agent_id TEXT,
  created_at TEXT NOT NULL,
  accepted_at TEXT,
  closed_at TEXT,
  note TEXT,
  context TEXT NOT NULL,
  conversation_reference TEXT NOT NULL,
  last_told_position INTEGER
);
-- At most one handoff holds a conversation at a time.
CREATE UNIQUE INDEX handoffs_one_open ON handoffs (conversation_id) WHERE state IN ('queued', 'agent');
CREATE INDEX handoffs_state ON handoffs (state, created_at);
CREATE INDEX handoffs_customer ON handoffs (customer_id, created_at);
CREATE TABLE handoff_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  handoff_id TEXT NOT NULL REFERENCES handoffs (id),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX handoff_events_handoff ON handoff_events (handoff_id, id);
