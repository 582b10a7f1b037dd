-- The re-verification sweep: approved backlinks are checked again now and then; a source that
-- answers 404 twice across sweeps (or 410 once), or no longer links, takes its backlink down.
ALTER TABLE mention ADD COLUMN last_swept_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE mention ADD COLUMN missing_count INT DEFAULT 0 NOT NULL;
-- Lower numbers run first: sweep jobs (1) wait behind everything a sender is waiting for (0).
ALTER TABLE verify_job ADD COLUMN priority INT DEFAULT 0 NOT NULL;
ALTER TABLE send_job ADD COLUMN priority INT DEFAULT 0 NOT NULL;
CREATE INDEX mention_sweep_due ON mention (status, last_swept_at);
