UPDATE roles SET name = $2, description = $3, data_scope = $4, clearance = $5, updated_at = $6, version = version + 1
WHERE id = $1 AND version = $7
