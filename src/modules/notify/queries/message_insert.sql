-- A repeated dedupe key inserts nothing and returns no row.
INSERT INTO notify_messages (event, dedupe_key, created_at, entity, entity_id) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id
