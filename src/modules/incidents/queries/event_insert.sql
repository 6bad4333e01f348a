INSERT INTO incident_events (incident_id, at, actor_id, kind, summary, note_enc) VALUES ($1, $2, $3, $4, $5, NULL)
RETURNING id
