-- Channels written before endpoints were sealed.
SELECT id, kind, endpoint FROM notify_channels WHERE endpoint_enc IS NULL ORDER BY id
