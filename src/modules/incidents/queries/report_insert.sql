INSERT INTO incident_reports (incident_id, author_id, at, text_enc) VALUES ($1, $2, $3, $4) RETURNING id
