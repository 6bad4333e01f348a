UPDATE incident_investigations
SET status = 'submitted', submitted_at = $2, submitted_by = $3, updated_at = $2, version = version + 1
WHERE id = $1 AND version = $4 AND status = 'draft'
