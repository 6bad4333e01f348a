INSERT INTO incident_injured (incident_id, person_id, name_enc, hospital, status, created_by, created_at, updated_at,
                              version)
VALUES ($1, $2, NULL, $3, $4, $5, $6, $6, 1)
RETURNING id
