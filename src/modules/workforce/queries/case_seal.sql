UPDATE worker_cases SET parties_enc = $2, summary_enc = $3 WHERE id = $1
