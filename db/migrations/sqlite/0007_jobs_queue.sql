-- Durable background jobs shared by every anxin process on the database. A job is claimed with a
-- lease; its handler's changes and its completion commit in one transaction guarded by the lease,
-- so a job runs to completion exactly once even when several processes poll the same table.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  dedupe_key TEXT UNIQUE,
  run_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
-- Due-job lookups touch only pending jobs whose time has come: cost follows the due count.
CREATE INDEX jobs_due ON jobs (status, run_at);
