SELECT id FROM notify_channels WHERE name = $1 AND id <> $2
