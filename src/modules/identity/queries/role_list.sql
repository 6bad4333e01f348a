SELECT id, code, name, description, data_scope, clearance, builtin, created_at, updated_at, version
FROM roles ORDER BY id LIMIT $1 OFFSET $2
