DELETE FROM departments WHERE id = $1
