UPDATE incident_compensations
SET amount_fen = $2, payee_enc = $3, status = $4, claim_ref = $5, updated_at = $6, version = version + 1
WHERE id = $1 AND version = $7
