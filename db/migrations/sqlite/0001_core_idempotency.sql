-- Replay records for POST requests carrying an Idempotency-Key header.
-- The row is claimed inside the first write transaction of the request and completed with the
-- response once it is known; status is NULL while the outcome is not yet recorded.
CREATE TABLE idempotency_keys (
  key_hash TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER,
  response_body TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
