UPDATE data_keys SET retired_at = $2 WHERE version = $1 AND purpose = 'field' AND retired_at IS NULL
