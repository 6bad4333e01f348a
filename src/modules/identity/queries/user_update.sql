UPDATE users
SET display_name = $2, department_id = $3, post_id = $4, email = $5, updated_at = $6, version = version + 1
WHERE id = $1 AND version = $7
