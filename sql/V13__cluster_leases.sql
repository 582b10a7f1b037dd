-- Tasks that run in one process of a cluster at a time (the re-verification sweep, the feed
-- watcher): the process holding each, until when. The holder renews its lease as it works; a
-- process that stops renewing (stopped, crashed) loses it when it expires.
CREATE TABLE cluster_lease (
    task        VARCHAR(64) PRIMARY KEY,
    owner       VARCHAR(64) NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL
);
