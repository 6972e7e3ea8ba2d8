-- Every customer message updates three small counters: kept in the key's own B-tree (no rowid
-- table beside the key index), each update writes one page instead of two.
CREATE TABLE rate_limits_new (
  key TEXT PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire INTEGER
) WITHOUT ROWID;
INSERT INTO rate_limits_new (key, points, expire) SELECT key, points, expire FROM rate_limits;
DROP TABLE rate_limits;
ALTER TABLE rate_limits_new RENAME TO rate_limits;
