UPDATE incident_steps SET status = 'done', done_at = $2, done_by = $3 WHERE id = $1 AND status <> 'done'
