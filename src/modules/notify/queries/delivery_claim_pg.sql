-- PostgreSQL: rows another worker is claiming at this moment are skipped instead of waited for, and the conditions
-- are checked again on the newest version of each row, so a due delivery is leased by one worker only.
UPDATE notify_deliveries SET lease_owner = $1, lease_until = $2
WHERE id IN (SELECT id FROM notify_deliveries
             WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
             ORDER BY next_attempt_at, id
             LIMIT $4
             FOR UPDATE SKIP LOCKED)
  AND status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
RETURNING id
