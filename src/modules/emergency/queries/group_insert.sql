INSERT INTO working_groups (code, name, duties, builtin, sort_order, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $6, 1)
RETURNING id
