-- Data keys of field encryption (SEC-2), each wrapped (XChaCha20-Poly1305) by the master key, which
-- lives outside the database (ANXIN_MASTER_KEY or <data_dir>/keys/master.key). Versions are shared
-- by both purposes; ciphertexts name the field-key version they were made with.
CREATE TABLE data_keys (
  version INTEGER PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('field', 'blind_index')),
  wrapped_key BLOB NOT NULL,
  created_at BIGINT NOT NULL,
  retired_at BIGINT
);

-- Where background re-encryption of one encrypted column stands, written in the same transaction as
-- each batch so that a restart resumes after `last_id`.
CREATE TABLE key_rotation_progress (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  target_version INTEGER NOT NULL,
  last_id BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (table_name, column_name)
);
