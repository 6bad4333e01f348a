INSERT INTO audit_checkpoints (seq, hash, signed_at, signature, public_key) VALUES ($1, $2, $3, $4, $5)
