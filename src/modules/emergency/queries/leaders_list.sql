SELECT user_id, position, stand_in_user_id, away, sort_order
FROM emergency_leaders
ORDER BY CASE position WHEN 'leader' THEN 0 WHEN 'deputy_leader' THEN 1 ELSE 2 END, sort_order, user_id
