-- A message that arrives twice (a channel's retry, a client resending after a lost answer)
-- is stored once: inbound by the channel's activity id, agent messages by their outbox id.
ALTER TABLE transcript ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX transcript_dedupe ON transcript (conversation_id, direction, dedupe_key);

-- The next watermark of a Direct Line conversation, taken under the row's lock so two
-- instances appending at once get consecutive numbers.
ALTER TABLE directline_conversations ADD COLUMN next_seq INTEGER NOT NULL DEFAULT 0;
UPDATE directline_conversations SET next_seq =
  (SELECT COALESCE(MAX(seq), -1) + 1 FROM directline_activities a WHERE a.conversation_id = directline_conversations.id);
ALTER TABLE directline_activities ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX directline_activities_dedupe ON directline_activities (conversation_id, dedupe_key);

-- An instance delivering an agent message claims it for a while, so no other instance sends it too.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;

-- Open agent console streams, on whichever instance: an agent goes offline when their last one closes.
CREATE TABLE agent_streams (
  id TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  instance_id TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX agent_streams_agent ON agent_streams (agent_id);
