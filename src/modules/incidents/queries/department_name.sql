SELECT name FROM departments WHERE id = $1
