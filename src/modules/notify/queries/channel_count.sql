SELECT COUNT(*) AS n FROM notify_channels
