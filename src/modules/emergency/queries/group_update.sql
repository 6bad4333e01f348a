UPDATE working_groups SET name = $2, duties = $3, sort_order = $4, updated_at = $5, version = version + 1
WHERE id = $1 AND version = $6
