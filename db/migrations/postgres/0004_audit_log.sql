-- Tamper-evident audit log (SEC-5). Every record carries the SHA-256 of its own canonical form and
-- of its predecessor (a hash chain); checkpoints sign the head of the chain with the server's
-- Ed25519 key, which lives outside the database. The triggers make the log append-only inside the
-- database itself: records cannot be changed, and only records older than 183 days (the legal
-- minimum retention) can be deleted.
--
-- The triggers bind every role that cannot disable them, i.e. every role that does not own these
-- tables (and is not a superuser). Deployments should therefore run anxin as a role that does not
-- own the schema: apply migrations as the owner, then GRANT the application role the usual
-- privileges. A migration cannot create roles portably, so that step belongs to deployment.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,  -- 1, 2, 3... without gaps
  at BIGINT NOT NULL,      -- UTC epoch milliseconds
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

-- The newest record of the chain; seq 0 and 64 zeros before the first record. Appends lock this
-- row (SELECT ... FOR UPDATE), so processes sharing the database append one at a time.
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

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END
$$;

-- 183 days = 15811200000 ms.
CREATE FUNCTION audit_log_guard_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.at >= (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT - 15811200000 THEN
    RAISE EXCEPTION 'audit_log records younger than 183 days cannot be deleted' USING ERRCODE = 'check_violation';
  END IF;
  RETURN OLD;
END
$$;

CREATE FUNCTION audit_log_guard_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq IS DISTINCT FROM (SELECT seq + 1 FROM audit_head WHERE id = 1) THEN
    RAISE EXCEPTION 'audit_log records must be appended in sequence' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION audit_head_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.seq IS DISTINCT FROM OLD.seq + 1 THEN
    RAISE EXCEPTION 'audit_head only advances one record at a time' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION audit_retention_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.boundary_seq < OLD.boundary_seq THEN
    RAISE EXCEPTION 'audit_retention boundary only moves forward' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_young_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard_delete();
CREATE TRIGGER audit_log_in_sequence BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard_insert();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE TRIGGER audit_head_advance BEFORE UPDATE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_guard_update();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE TRIGGER audit_retention_forward BEFORE UPDATE ON audit_retention
  FOR EACH ROW EXECUTE FUNCTION audit_retention_guard_update();
CREATE TRIGGER audit_retention_no_delete BEFORE DELETE ON audit_retention
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_retention_no_truncate BEFORE TRUNCATE ON audit_retention
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Belt and braces for roles other than the owner; the triggers above are what binds them.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints FROM PUBLIC;
REVOKE DELETE, TRUNCATE ON audit_head, audit_retention FROM PUBLIC;
