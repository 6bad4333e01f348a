UPDATE partners SET status = $2, status_reason = $3, updated_at = $4, version = version + 1
WHERE id = $1 AND version = $5
