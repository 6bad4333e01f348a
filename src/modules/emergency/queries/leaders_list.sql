SELECT l.user_id, u.display_name, l.position, l.stand_in_user_id, l.away, l.sort_order
FROM emergency_leaders l JOIN users u ON u.id = l.user_id
ORDER BY CASE l.position WHEN 'leader' THEN 0 WHEN 'deputy_leader' THEN 1 ELSE 2 END, l.sort_order, l.user_id
