SELECT id, code, name, duties, builtin, sort_order, created_at, updated_at, version FROM working_groups ORDER BY sort_order, id
