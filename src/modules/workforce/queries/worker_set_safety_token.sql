UPDATE workers SET safety_token_hash = $2, safety_token_enc = $3, safety_token_issued_at = $4 WHERE id = $1
