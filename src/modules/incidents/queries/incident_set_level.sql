UPDATE incidents SET level = $2, commander_id = $3, commander_rule = $4, updated_at = $5, version = version + 1
WHERE id = $1 AND version = $6
