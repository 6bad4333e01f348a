UPDATE notify_messages SET params_enc = $2 WHERE id = $1
