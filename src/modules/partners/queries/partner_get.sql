SELECT * FROM partners WHERE id = $1
