UPDATE departments SET path = $2 WHERE id = $1
