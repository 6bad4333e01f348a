UPDATE incident_investigations
SET status = 'draft', submitted_at = NULL, submitted_by = NULL, updated_at = $2, version = version + 1
WHERE id = $1 AND version = $3 AND status = 'submitted'
