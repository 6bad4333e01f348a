SELECT id, name, path, active FROM departments WHERE id = $1
