SELECT id FROM posts WHERE code = $1 AND id <> $2
