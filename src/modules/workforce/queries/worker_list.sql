SELECT w.*
FROM workers w
WHERE (CAST($1 AS TEXT) IS NULL OR w.name LIKE ('%' || CAST($1 AS TEXT) || '%'))
  AND (CAST($2 AS TEXT) IS NULL OR w.status = CAST($2 AS TEXT))
  AND (CAST($3 AS TEXT) IS NULL OR w.job_types LIKE ('%,' || CAST($3 AS TEXT) || ',%'))
  AND (CAST($4 AS BIGINT) IS NULL OR w.department_id = CAST($4 AS BIGINT))
  AND (CAST($5 AS TEXT) IS NULL OR w.id_number_bidx = CAST($5 AS TEXT))
  AND (CAST($6 AS TEXT) IS NULL OR w.phone_bidx = CAST($6 AS TEXT))
  AND (CAST($7 AS TEXT) IS NULL
       OR EXISTS (SELECT 1 FROM worker_certificates c WHERE c.worker_id = w.id AND c.revoked_at IS NULL
                  AND c.expires_on >= CAST($7 AS TEXT) AND c.expires_on <= CAST($8 AS TEXT))
       OR EXISTS (SELECT 1 FROM worker_background_checks b WHERE b.worker_id = w.id
                  AND b.valid_until >= CAST($7 AS TEXT) AND b.valid_until <= CAST($8 AS TEXT))
       OR EXISTS (SELECT 1 FROM worker_health_checks h WHERE h.worker_id = w.id
                  AND h.next_due_on >= CAST($7 AS TEXT) AND h.next_due_on <= CAST($8 AS TEXT)))
  AND (CAST($9 AS TEXT) IS NULL OR CAST($9 AS TEXT) LIKE ('%,' || CAST(w.department_id AS TEXT) || ',%'))
  AND (CAST($10 AS BIGINT) IS NULL OR w.department_id = CAST($10 AS BIGINT))
  AND (CAST($11 AS BIGINT) IS NULL OR w.user_id = CAST($11 AS BIGINT))
ORDER BY w.id DESC
LIMIT $12 OFFSET $13
