SELECT id FROM departments
WHERE COALESCE(parent_id, 0) = COALESCE(CAST($1 AS BIGINT), 0) AND name = $2 AND id <> $3
