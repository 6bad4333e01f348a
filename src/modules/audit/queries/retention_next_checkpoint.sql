-- The first checkpoint at least one batch past the boundary, up to the last removable one.
SELECT MIN(seq) AS seq FROM audit_checkpoints WHERE seq >= $1 AND seq <= $2
