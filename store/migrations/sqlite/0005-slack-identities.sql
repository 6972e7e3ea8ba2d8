CREATE TABLE slack_events (
  id TEXT PRIMARY KEY,
  received_at TEXT NOT NULL
);
CREATE TABLE customer_identities (
  identity TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (identity, conversation_id)
);
CREATE INDEX customer_identities_conversation ON customer_identities (conversation_id);
