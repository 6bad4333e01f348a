INSERT INTO incident_compensations (incident_id, injured_id, kind, amount_fen, payee_enc, status, claim_ref,
                                    created_by, created_at, updated_at, version)
VALUES ($1, $2, $3, $4, NULL, 'proposed', $5, $6, $7, $7, 1)
RETURNING id
