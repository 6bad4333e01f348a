SELECT path FROM departments WHERE id = $1
