UPDATE worker_integrity_entries SET summary_enc = $2 WHERE id = $1
