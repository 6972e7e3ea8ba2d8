CREATE TABLE analytics_conversations (
  conversation_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  language TEXT NOT NULL,
  started_at TEXT NOT NULL,
  last_message_at TEXT NOT NULL,
  bot_resolved_at TEXT,
  bot_resolution TEXT,
  left_at TEXT
);
CREATE INDEX analytics_conversations_started ON analytics_conversations (started_at);
-- Customer messages as analytics sees them: personal data masked, with what the bot did.
CREATE TABLE analytics_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL REFERENCES analytics_conversations (conversation_id),
  at TEXT NOT NULL,
  language TEXT NOT NULL,
  text TEXT NOT NULL,
  intent TEXT NOT NULL,
  confidence REAL NOT NULL,
  candidate TEXT,
  outcome TEXT NOT NULL
);
CREATE INDEX analytics_messages_conversation ON analytics_messages (conversation_id, id);
CREATE TABLE answer_feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL,
  intent TEXT NOT NULL,
  helpful INTEGER NOT NULL,
  language TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX answer_feedback_conversation ON answer_feedback (conversation_id);
ALTER TABLE ces_responses ADD COLUMN resolved_by TEXT NOT NULL DEFAULT 'agent';
ALTER TABLE ces_responses ADD COLUMN comment TEXT;
-- Examples supervisors added from the dashboard, trained on top of the content pack.
CREATE TABLE content_overlay_examples (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  intent TEXT NOT NULL,
  language TEXT NOT NULL,
  text TEXT NOT NULL,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL,
  UNIQUE (intent, language, text)
);
