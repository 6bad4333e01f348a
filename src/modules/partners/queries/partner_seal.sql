UPDATE partners SET contact_phone_enc = $2 WHERE id = $1
