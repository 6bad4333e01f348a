-- PostgreSQL: locks the head until commit so appends from several processes form one chain.
SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE
