SELECT m.group_id, m.user_id, u.display_name, m.role, m.duties, m.stand_in_user_id, m.away
FROM working_group_members m JOIN users u ON u.id = m.user_id
WHERE m.group_id = $1
ORDER BY CASE m.role WHEN 'head' THEN 0 ELSE 1 END, m.user_id
