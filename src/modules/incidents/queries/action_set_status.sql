UPDATE incident_corrective_actions
SET status = $2, done_at = $3, verified_at = $4, verified_by = $5, updated_at = $6, version = version + 1
WHERE id = $1 AND version = $7
