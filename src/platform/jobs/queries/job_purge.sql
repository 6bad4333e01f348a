DELETE FROM jobs WHERE status IN ('done', 'dead') AND finished_at < $1
