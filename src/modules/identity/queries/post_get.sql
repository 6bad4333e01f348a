SELECT id, code, name, sort_order, created_at, updated_at, version FROM posts WHERE id = $1
