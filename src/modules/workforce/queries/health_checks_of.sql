SELECT * FROM worker_health_checks WHERE worker_id = $1 ORDER BY checked_on DESC, id DESC
