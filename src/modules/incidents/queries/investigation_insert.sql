INSERT INTO incident_investigations (incident_id, direct_causes, root_causes, grade, summary_review, status,
                                     created_by, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $7, 1)
RETURNING id
