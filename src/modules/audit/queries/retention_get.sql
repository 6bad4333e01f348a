SELECT boundary_seq, boundary_hash FROM audit_retention WHERE id = 1
