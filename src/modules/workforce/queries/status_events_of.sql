SELECT * FROM worker_status_events WHERE worker_id = $1 ORDER BY at DESC, id DESC
