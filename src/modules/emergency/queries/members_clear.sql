DELETE FROM working_group_members WHERE group_id = $1
