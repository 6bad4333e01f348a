INSERT INTO posts (code, name, sort_order, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $4, 1) RETURNING id
