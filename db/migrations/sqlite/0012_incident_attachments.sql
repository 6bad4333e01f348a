-- Files attached to incidents: photos of the scene or of injuries, scanned documents, short videos.
-- The bytes are personal data (class 3): stored encrypted in content_enc, bound to their row, with the
-- SHA-256 of the plaintext to prove what was received. Lists never read content_enc.
CREATE TABLE incident_attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES incidents (id),
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER NOT NULL REFERENCES users (id),
  uploaded_at BIGINT NOT NULL,
  content_enc BLOB NOT NULL
);
CREATE INDEX incident_attachments_incident ON incident_attachments (incident_id, id);
