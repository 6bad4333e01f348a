-- What a notification is about (e.g. entity 'incident', entity_id 42), so an inbox item can open it.
-- Both are null for messages about nothing in particular.
ALTER TABLE notify_messages ADD COLUMN entity TEXT;
ALTER TABLE notify_messages ADD COLUMN entity_id INTEGER;
