INSERT INTO users (username, display_name, department_id, post_id, email, status, is_service_account,
                   must_change_password, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, $5, 'active', $6, 1, $7, $7, 1)
RETURNING id
