-- Feeds are served from a cache of rendered bytes. Every change to an article's (or a site's)
-- backlinks bumps its version in the same transaction, so every process sharing the database
-- knows with one key lookup whether its cached feed is still current.
CREATE TABLE feed_version (
    feed_key VARCHAR(2100) PRIMARY KEY,
    version  BIGINT NOT NULL
);
