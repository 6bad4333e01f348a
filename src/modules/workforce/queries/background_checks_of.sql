SELECT * FROM worker_background_checks WHERE worker_id = $1 ORDER BY checked_on DESC, id DESC
