-- Feeds read the newest approved backlinks of an article or a site. With the id in the index,
-- and the query ordered by every column of it, the database reads just the rows it returns from
-- the end of the index instead of sorting every approved backlink (a million for a big site).
DROP INDEX mention_by_target;
CREATE INDEX mention_by_target ON mention (target, status, received_at, id);
DROP INDEX mention_by_site;
CREATE INDEX mention_by_site ON mention (site, status, received_at, id);
-- The admin's list filtered by status (pending, spam) pages by id the same way.
CREATE INDEX mention_by_status ON mention (status, id);
-- Start-up looks for pending webmentions without a queued check: an index instead of a scan of
-- every backlink at every start.
CREATE INDEX mention_by_check ON mention (verification);
-- The sweep asks for the verified, approved backlinks checked longest ago. From now on
-- last_swept_at says when the source was last checked at all (a verification counts; rows from
-- before keep NULL and are swept first, once), so that question is a range of this index, read
-- in its order, instead of a sort of every approved backlink. (Created after mention_by_status,
-- which HSQLDB then prefers for the admin's list by status.)
DROP INDEX mention_sweep_due;
CREATE INDEX mention_sweep_due ON mention (status, verification, last_swept_at);
