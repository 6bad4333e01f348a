SELECT id, parent_id, name, code, kind, path, sort_order, phone, active, created_at, updated_at, version
FROM departments ORDER BY path
