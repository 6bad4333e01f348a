UPDATE notify_channels SET secret_enc = $2 WHERE id = $1
