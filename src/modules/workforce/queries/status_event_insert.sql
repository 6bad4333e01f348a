INSERT INTO worker_status_events (worker_id, from_status, to_status, reason, actor_id, at)
VALUES ($1, $2, $3, $4, $5, $6)
