INSERT INTO incident_cases (incident_id, title, type, level, month, department_name, grade, direct_causes, root_causes,
                            actions, lessons, published_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
RETURNING id
