SELECT COUNT(*) AS n, COALESCE(MAX(version), 0) AS max_version FROM data_keys
