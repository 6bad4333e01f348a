SELECT status, since, recorded_at FROM worker_social_insurance WHERE worker_id = $1 ORDER BY id DESC
