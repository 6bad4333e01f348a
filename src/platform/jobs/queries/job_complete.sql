UPDATE jobs SET status = 'done', finished_at = $3, lease_owner = NULL, lease_until = NULL
WHERE id = $1 AND lease_owner = $2 AND status = 'pending'
