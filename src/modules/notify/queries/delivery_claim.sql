-- SQLite: writers are serialised (BEGIN IMMEDIATE), so the due rows chosen here are leased by this worker alone.
UPDATE notify_deliveries SET lease_owner = $1, lease_until = $2
WHERE id IN (SELECT id FROM notify_deliveries
             WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
             ORDER BY next_attempt_at, id
             LIMIT $4)
RETURNING id
