-- The effort question after a quiet spell (BALIE_CES_QUIET_MINUTES): one row per conversation
-- the bot helped, due when the customer has been quiet long enough; taken (deleted) by the one
-- instance that asks it.
CREATE TABLE effort_prompts (
  conversation_id TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  reference TEXT NOT NULL,
  language TEXT NOT NULL,
  resolved_at TEXT NOT NULL,
  due_at TEXT NOT NULL
);
CREATE INDEX effort_prompts_due ON effort_prompts (due_at);
