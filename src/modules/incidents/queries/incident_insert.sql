INSERT INTO incidents (number, type, title, occurred_at, reported_at, department_id, reporter_id, nature, scope, deaths,
                       injuries, level, commander_id, commander_rule, status, created_at, updated_at, version)
VALUES ('', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'responding', $4, $4, 1)
RETURNING id
