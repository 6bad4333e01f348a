SELECT key, value FROM workforce_settings
