UPDATE worker_certificates SET revoked_at = $3 WHERE id = $1 AND worker_id = $2 AND revoked_at IS NULL
