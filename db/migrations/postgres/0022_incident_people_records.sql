-- The people of an incident name the worker, customer and service order records they are (ORD, INC): picked from
-- the records instead of typed. Older rows keep their free-text name and order_ref, still shown.
ALTER TABLE incident_people ADD COLUMN worker_id BIGINT REFERENCES workers (id);
ALTER TABLE incident_people ADD COLUMN customer_id BIGINT REFERENCES customers (id);
ALTER TABLE incident_people ADD COLUMN order_id BIGINT REFERENCES service_orders (id);
CREATE INDEX incident_people_order ON incident_people (order_id);
