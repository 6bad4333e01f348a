-- SQLite only (0014 there rebuilds the most-written tables without AUTOINCREMENT); PostgreSQL's
-- sequences have no such cost. Kept so both backends carry the same migration numbers.
SELECT 1;
