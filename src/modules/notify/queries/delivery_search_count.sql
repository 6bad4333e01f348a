SELECT COUNT(*) AS n
FROM notify_deliveries d JOIN notify_messages m ON m.id = d.message_id
WHERE (CAST($1 AS TEXT) IS NULL OR d.status = CAST($1 AS TEXT))
  AND (CAST($2 AS TEXT) IS NULL OR d.channel = CAST($2 AS TEXT))
  AND (CAST($3 AS TEXT) IS NULL OR m.event = CAST($3 AS TEXT))
