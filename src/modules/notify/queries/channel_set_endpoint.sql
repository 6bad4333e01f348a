-- `endpoint` is the masked form; endpoint_enc the sealed URL.
UPDATE notify_channels SET endpoint = $2, endpoint_enc = $3 WHERE id = $1
