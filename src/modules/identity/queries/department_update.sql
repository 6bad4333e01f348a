UPDATE departments
SET parent_id = $2, name = $3, code = $4, sort_order = $5, phone = $6, active = $7, updated_at = $8,
    version = version + 1
WHERE id = $1 AND version = $9
