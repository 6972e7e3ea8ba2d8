CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'away', 'offline')),
  last_seen TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE agent_tokens (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  handoff_id TEXT NOT NULL REFERENCES handoffs (id),
  agent_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  delivered_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (delivered_at, created_at);
CREATE TABLE ces_responses (
  conversation_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  handoff_id TEXT,
  channel_id TEXT NOT NULL,
  language TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 7),
  created_at TEXT NOT NULL
);
CREATE INDEX ces_customer ON ces_responses (customer_id, created_at);
CREATE INDEX transcript_from ON transcript (from_id, direction);
