SELECT COUNT(*) AS n FROM notify_deliveries WHERE status = 'pending'
