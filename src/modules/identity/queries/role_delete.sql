DELETE FROM roles WHERE id = $1
