-- Fair queues: each job names the host it will fetch from, so a worker runs at most one job
-- per client IP and per host at a time, and one sender can only slow itself down.
ALTER TABLE verify_job ADD COLUMN host VARCHAR(255);
ALTER TABLE send_job ADD COLUMN host VARCHAR(255);
