-- The agents' canned replies per language (seeded from the content pack once, then managed by supervisors).
CREATE TABLE canned_replies (
  id TEXT PRIMARY KEY,
  language TEXT NOT NULL,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by TEXT
);
CREATE INDEX canned_replies_language ON canned_replies (language, title);
