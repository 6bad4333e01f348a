SELECT w.id, w.level, w.category, w.title, w.expected_at, w.expires_at, w.scope, w.measures_enc, w.description_enc,
       w.customer_contacts_enc, w.channels, w.status, w.issued_by, w.issued_at, w.lifted_at, w.created_at, w.updated_at,
       w.version
FROM warnings w
WHERE (CAST($1 AS TEXT) IS NULL OR w.status = CAST($1 AS TEXT))
  AND (CAST($2 AS BIGINT) IS NULL OR w.level = CAST($2 AS BIGINT))
ORDER BY CASE WHEN w.status = 'active' THEN 0 ELSE 1 END, w.level, w.issued_at DESC, w.id DESC
LIMIT $3 OFFSET $4
