-- The ping-burst spam rule counts recent backlinks per source host on every ping:
-- index the host together with the time so the count reads only the recent window.
DROP INDEX mention_by_source_host;
CREATE INDEX mention_by_source_host ON mention (source_host, received_at);
