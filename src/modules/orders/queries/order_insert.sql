INSERT INTO service_orders (number, department_id, customer_id, service_type, schedule, recurrence, starts_at, ends_at,
                            status, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $10)
RETURNING id
