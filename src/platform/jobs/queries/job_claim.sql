UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
WHERE id IN (SELECT id FROM jobs
             WHERE status = 'pending' AND run_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
             ORDER BY run_at, id LIMIT $4)
  AND status = 'pending' AND (lease_until IS NULL OR lease_until < $3)
RETURNING id, kind, payload, attempts
