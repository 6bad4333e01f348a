INSERT INTO premises_checks (order_id, answers, risk_level, checked_by, checked_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (order_id) DO UPDATE
SET answers = excluded.answers, risk_level = excluded.risk_level, checked_by = excluded.checked_by,
    checked_at = excluded.checked_at, acknowledged_by = NULL, acknowledged_at = NULL, approved_by = NULL,
    approved_at = NULL
