UPDATE warnings
SET level = $2, category = $3, title = $4, expected_at = $5, expires_at = $6, scope = $7, channels = $8, status = $9,
    lifted_at = $10, updated_at = $11, version = version + 1
WHERE id = $1 AND version = $12
