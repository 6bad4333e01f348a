SELECT id, name, path, active FROM departments WHERE code = $1
