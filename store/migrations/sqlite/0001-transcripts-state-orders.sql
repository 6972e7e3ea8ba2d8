CREATE TABLE bot_state (
  key TEXT PRIMARY KEY,
  etag INTEGER NOT NULL,
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE transcript (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  activity_type TEXT NOT NULL,
  from_id TEXT,
  text TEXT,
  timestamp TEXT NOT NULL,
  activity TEXT NOT NULL
);
CREATE INDEX transcript_conversation ON transcript (conversation_id, id);
CREATE TABLE orders (
  order_number TEXT PRIMARY KEY,
  postcode TEXT NOT NULL,
  status TEXT NOT NULL,
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE order_returns (
  id TEXT PRIMARY KEY,
  order_number TEXT NOT NULL REFERENCES orders (order_number),
  sku TEXT NOT NULL,
  reason TEXT NOT NULL,
  conversation_id TEXT,
  created_at TEXT NOT NULL
);
