-- Every index entry of a new transcript row dirties a page of its own (the keys are random),
-- and each dirty page is written to the WAL. The bot's replies have no dedupe key and are never
-- looked up by sender: index only the rows that need it.
DROP INDEX transcript_dedupe;
CREATE UNIQUE INDEX transcript_dedupe ON transcript (conversation_id, direction, dedupe_key) WHERE dedupe_key IS NOT NULL;
DROP INDEX transcript_from;
CREATE INDEX transcript_from ON transcript (from_id) WHERE direction = 'in';
