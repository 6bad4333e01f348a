UPDATE gate_overrides SET status = 'approved', approved_at = $2 WHERE id = $1 AND status = 'pending'
