INSERT INTO customers (department_id, name, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4)
RETURNING id
