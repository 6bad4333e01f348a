UPDATE workers SET user_id = $2, updated_at = $3, version = version + 1 WHERE id = $1 AND version = $4
