INSERT INTO partner_evaluations (partner_id, evaluated_on, quality, safety, timeliness, compliance, score, result,
                                 evaluator_id, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id
