UPDATE notify_inbox SET title_enc = $2, body_enc = $3 WHERE id = $1
