-- The operational dashboard reads handoffs by creation time and each handoff's first agent message.
CREATE INDEX handoffs_created ON handoffs (created_at);
CREATE INDEX outbox_handoff ON outbox (handoff_id, created_at);
