SELECT id, incident_id, injured_id, kind, amount_fen, payee_enc, status, claim_ref, created_at, updated_at, version
FROM incident_compensations WHERE id = $1
