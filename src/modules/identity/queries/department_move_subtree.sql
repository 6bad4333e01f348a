-- Rewrites the materialised path of a department and all its descendants after a move.
UPDATE departments SET path = $2 || substr(path, length($1) + 1) WHERE substr(path, 1, length($1)) = $1
