INSERT INTO partners (name, kind, services, contact_name, evaluation_months, next_evaluation_on, created_by,
                      created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
RETURNING id
