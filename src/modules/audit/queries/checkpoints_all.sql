SELECT seq, hash, signed_at, signature, public_key FROM audit_checkpoints ORDER BY seq
