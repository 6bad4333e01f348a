SELECT n.id, n.kind, n.note_enc, n.author_id, u.display_name AS author_name, n.at
FROM order_notes n
LEFT JOIN users u ON u.id = n.author_id
WHERE n.order_id = $1
ORDER BY n.at DESC, n.id DESC
