UPDATE audit_retention SET boundary_seq = $1, boundary_hash = $2 WHERE id = 1 AND boundary_seq = $3
