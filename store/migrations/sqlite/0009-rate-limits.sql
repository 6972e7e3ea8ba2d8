-- Rate limits and quotas, shared by every process on this file and kept over restarts
-- (the table layout rate-limiter-flexible's SQLite store uses: expire in epoch milliseconds).
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire INTEGER
);
