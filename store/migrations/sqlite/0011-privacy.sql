-- When a row's personal data (emails, phone numbers, IBANs, card numbers) was masked at rest.
ALTER TABLE transcript ADD COLUMN masked_at TEXT;
ALTER TABLE directline_activities ADD COLUMN masked_at TEXT;
ALTER TABLE handoffs ADD COLUMN masked_at TEXT;
CREATE INDEX transcript_time ON transcript (timestamp);
