-- The newest checkpoint strictly between the current boundary and the first record to keep.
SELECT MAX(seq) AS seq FROM audit_checkpoints WHERE seq > $1 AND seq < $2
