INSERT INTO incident_visits (incident_id, at, visitor_id, method, satisfaction, note_enc, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)
RETURNING id
