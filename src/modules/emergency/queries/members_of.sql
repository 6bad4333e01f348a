SELECT group_id, user_id, role, duties, stand_in_user_id, away
FROM working_group_members
WHERE group_id = $1
ORDER BY CASE role WHEN 'head' THEN 0 ELSE 1 END, user_id
