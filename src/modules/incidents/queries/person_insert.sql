INSERT INTO incident_people (incident_id, role, user_id, name_enc, order_ref, injured) VALUES ($1, $2, $3, NULL, $4, $5)
RETURNING id
