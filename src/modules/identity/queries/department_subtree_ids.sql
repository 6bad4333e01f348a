SELECT d.id
FROM departments d JOIN departments root ON root.id = $1
WHERE substr(d.path, 1, length(root.path)) = root.path
ORDER BY d.id
