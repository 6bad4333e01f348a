DELETE FROM notify_channels WHERE id = $1
