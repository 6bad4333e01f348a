SELECT version, purpose, wrapped_key, retired_at FROM data_keys ORDER BY version
