SELECT id, code, name, description, data_scope, clearance, builtin, created_at, updated_at, version
FROM roles WHERE code = $1
