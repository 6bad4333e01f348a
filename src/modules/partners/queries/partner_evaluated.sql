UPDATE partners SET next_evaluation_on = $2, status = $3, status_reason = $4, updated_at = $5, version = version + 1
WHERE id = $1
