CREATE TABLE directline_conversations (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE directline_activities (
  conversation_id TEXT NOT NULL REFERENCES directline_conversations (id),
  seq INTEGER NOT NULL,
  activity TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
