-- The incidents module's contributions to the extension points read by person and by deadline: the
-- dispatch-gate check looks up a worker's open incidents, the "overdue reporting steps" indicator the
-- steps not done by their deadline. Partial indexes keep both in proportion to what they find.
CREATE INDEX incident_people_user ON incident_people (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX incident_steps_open_due ON incident_steps (due_at) WHERE status <> 'done';
