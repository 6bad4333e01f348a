SELECT w.id, w.level, w.category, w.title, w.expected_at, w.expires_at, w.scope, w.measures_enc, w.description_enc,
       w.customer_contacts_enc,
       w.channels, w.status, w.issued_by, u.display_name AS issued_by_name, w.issued_at, w.lifted_at, w.created_at,
       w.updated_at, w.version
FROM warnings w LEFT JOIN users u ON u.id = w.issued_by
WHERE w.id = $1
