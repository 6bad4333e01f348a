-- The customer's rating (1-5 stars) and feedback given with the sign-off (ORD-5). feedback_enc: class 3 free text.
ALTER TABLE service_orders ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE service_orders ADD COLUMN feedback_enc BYTEA;

-- Service records and monitoring notes kept by the office on an order (ORD-5): what was done, what a supervisor
-- saw on a visit or a call, follow-ups. note_enc: class 3 free text.
CREATE TABLE order_notes (
  id BIGSERIAL PRIMARY KEY,
  order_id BIGINT NOT NULL REFERENCES service_orders (id),
  kind TEXT NOT NULL CHECK (kind IN ('service_record', 'monitoring', 'follow_up')),
  note_enc BYTEA,
  author_id BIGINT REFERENCES users (id),
  at BIGINT NOT NULL
);
CREATE INDEX order_notes_order ON order_notes (order_id, at);
