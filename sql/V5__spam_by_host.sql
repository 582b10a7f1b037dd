-- The burst rule asks how many of a source host's recent backlinks are spam: with the status
-- in the index that is a short range scan, however many clean backlinks the host has.
CREATE INDEX mention_spam_by_host ON mention (source_host, status, received_at);
