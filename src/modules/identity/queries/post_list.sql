SELECT id, code, name, sort_order, created_at, updated_at, version FROM posts ORDER BY sort_order, id LIMIT $1 OFFSET $2
