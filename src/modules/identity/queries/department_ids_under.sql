SELECT id FROM departments WHERE path LIKE $1 ESCAPE '\' ORDER BY id
