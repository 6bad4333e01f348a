INSERT INTO incident_treatments (injured_id, at, status, note_enc, created_by, created_at)
VALUES ($1, $2, $3, NULL, $4, $5)
RETURNING id
