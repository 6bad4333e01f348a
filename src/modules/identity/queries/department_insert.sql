INSERT INTO departments (parent_id, name, code, kind, path, sort_order, phone, active, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, '', $5, $6, 1, $7, $7, 1)
RETURNING id
