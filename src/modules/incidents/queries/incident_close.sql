UPDATE incidents SET status = 'closed', updated_at = $2, version = version + 1 WHERE id = $1 AND status = 'ended'
