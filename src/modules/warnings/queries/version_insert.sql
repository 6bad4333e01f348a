INSERT INTO warning_versions (warning_id, version, action, level, status, snapshot, reason, changed_by, changed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
