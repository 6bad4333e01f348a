SELECT COUNT(*) AS n FROM jobs WHERE status = 'pending' AND run_at <= $1
