SELECT id FROM workers WHERE safety_token_hash = $1
