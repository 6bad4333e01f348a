SELECT i.*
FROM incidents i
WHERE i.id = $1
