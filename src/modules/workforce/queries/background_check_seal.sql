UPDATE worker_background_checks SET note_enc = $2 WHERE id = $1
