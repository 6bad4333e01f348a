-- Tamper-evident audit log (SEC-5). Every record carries the SHA-256 of its own canonical form and
-- of its predecessor (a hash chain); checkpoints sign the head of the chain with the server's
-- Ed25519 key, which lives outside the database. The triggers make the log append-only inside the
-- database itself: records cannot be changed, and only records older than 183 days (the legal
-- minimum retention) can be deleted.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,  -- 64-bit, 1, 2, 3... without gaps (the rowid)
  at BIGINT NOT NULL,       -- UTC epoch milliseconds
  actor_user_id BIGINT,
  actor_username TEXT,
  ip TEXT,
  request_id TEXT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  department_id BIGINT,
  before_json TEXT,
  after_json TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  reason TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_log_department ON audit_log (department_id, seq);
CREATE INDEX audit_log_outcome ON audit_log (outcome, seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- The newest record of the chain; seq 0 and 64 zeros before the first record.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Signed heads of the chain.
CREATE TABLE audit_checkpoints (
  seq BIGINT PRIMARY KEY,
  hash TEXT NOT NULL,
  signed_at BIGINT NOT NULL,
  signature TEXT NOT NULL,
  public_key TEXT NOT NULL
);

-- The last record removed by retention: the oldest remaining record must link to it.
CREATE TABLE audit_retention (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  boundary_seq BIGINT NOT NULL,
  boundary_hash TEXT NOT NULL
);
INSERT INTO audit_retention (id, boundary_seq, boundary_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- 183 days = 15811200000 ms.
CREATE TRIGGER audit_log_no_young_delete BEFORE DELETE ON audit_log
WHEN OLD.at >= (CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 15811200000)
BEGIN
  SELECT RAISE(ABORT, 'audit_log records younger than 183 days cannot be deleted');
END;
CREATE TRIGGER audit_log_in_sequence BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1)
BEGIN
  SELECT RAISE(ABORT, 'audit_log records must be appended in sequence');
END;

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;

CREATE TRIGGER audit_head_advance BEFORE UPDATE ON audit_head
WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1
BEGIN
  SELECT RAISE(ABORT, 'audit_head only advances one record at a time');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
  SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;

CREATE TRIGGER audit_retention_forward BEFORE UPDATE ON audit_retention
WHEN NEW.id IS NOT OLD.id OR NEW.boundary_seq < OLD.boundary_seq
BEGIN
  SELECT RAISE(ABORT, 'audit_retention boundary only moves forward');
END;
CREATE TRIGGER audit_retention_no_delete BEFORE DELETE ON audit_retention
BEGIN
  SELECT RAISE(ABORT, 'audit_retention cannot be deleted');
END;
