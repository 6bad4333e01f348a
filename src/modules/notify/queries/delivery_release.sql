UPDATE notify_deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2
