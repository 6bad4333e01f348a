INSERT INTO incident_people (incident_id, role, user_id, name_enc, order_ref, injured, worker_id, customer_id, order_id)
VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8)
RETURNING id
