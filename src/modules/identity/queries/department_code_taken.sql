SELECT id FROM departments WHERE code = $1 AND id <> $2
