SELECT * FROM worker_certificates WHERE worker_id = $1 ORDER BY kind, issued_on DESC, id DESC
