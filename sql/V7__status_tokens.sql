-- Webmention status URLs name an unguessable token, not the row id, so they cannot be enumerated.
ALTER TABLE mention ADD COLUMN status_token VARCHAR(64);
CREATE UNIQUE INDEX mention_by_status_token ON mention (status_token);
