-- Rate limits and quotas, shared by every instance and kept over restarts
-- (the table layout rate-limiter-flexible's PostgreSQL store uses: expire in epoch milliseconds).
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
