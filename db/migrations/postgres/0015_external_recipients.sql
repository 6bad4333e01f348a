-- People outside the company (customers affected by a warning) are notified by SMS or e-mail at an
-- address given with the publication: stored encrypted with their delivery (class 3), never listed.
ALTER TABLE notify_deliveries ADD COLUMN address_enc BYTEA;
-- The customers' contacts given when a warning is issued, notified again at each change (class 3).
ALTER TABLE warnings ADD COLUMN customer_contacts_enc BYTEA;
