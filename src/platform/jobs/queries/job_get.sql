SELECT id, kind, payload, dedupe_key, run_at, status, attempts, last_error, created_at, finished_at FROM jobs WHERE id = $1
