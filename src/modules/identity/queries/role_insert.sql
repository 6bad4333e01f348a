INSERT INTO roles (code, name, description, data_scope, clearance, builtin, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1)
RETURNING id
