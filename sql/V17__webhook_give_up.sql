-- A webhook delivery that was given up (repeated failures, or its webhook is no longer configured)
-- is settled like a delivered one: start-up recovery queues no job for it. Said by a time, not by
-- the words of its last error. A replay clears it.
ALTER TABLE webhook_delivery ADD COLUMN gave_up_at TIMESTAMP WITH TIME ZONE;
UPDATE webhook_delivery SET gave_up_at = CURRENT_TIMESTAMP WHERE delivered_at IS NULL AND last_error LIKE 'gave up%';
