SELECT id, worker_id, kind, opened_on, status, parties_enc, summary_enc, outcome_enc, closed_on, recorded_at
FROM worker_cases
WHERE worker_id = $1
ORDER BY opened_on DESC, id DESC
