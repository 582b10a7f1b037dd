-- Why a check failed, or a ping was refused, as a code (backlink/Refusal.id()), beside the text
-- a person reads: the webmention status page and the admin overview decide by the code, never by
-- the words. Rows from before get their code from the words once, here.
ALTER TABLE mention ADD COLUMN reason_code VARCHAR(40);
ALTER TABLE audit ADD COLUMN reason VARCHAR(40);

UPDATE mention SET reason_code = 'source-gone' WHERE reason LIKE 'the source answered 404%' OR reason LIKE 'the source answered 410%';
UPDATE mention SET reason_code = 'source-not-found'
 WHERE reason_code IS NULL AND (reason LIKE 'could not fetch the source%' OR reason LIKE 'the source answered%');
UPDATE mention SET reason_code = 'blocked' WHERE reason LIKE 'the source host is blocked%';
UPDATE mention SET reason_code = 'target-not-found' WHERE reason LIKE 'the target % does not exist%' OR reason LIKE 'could not check the target%';
UPDATE mention SET reason_code = 'gave-up' WHERE reason LIKE 'gave up%';
UPDATE mention SET reason_code = 'no-link' WHERE reason LIKE 'the source does not link%';
UPDATE mention SET reason_code = 'target-not-supported' WHERE reason LIKE 'the target is no longer on a site%';

UPDATE audit SET reason = 'generic' WHERE action = 'ping.refused' AND detail LIKE 'GENERIC:%';
UPDATE audit SET reason = 'source-not-found' WHERE action = 'ping.refused' AND detail LIKE 'SOURCE\_NOT\_FOUND:%' ESCAPE '\';
UPDATE audit SET reason = 'source-gone' WHERE action = 'ping.refused' AND detail LIKE 'SOURCE\_GONE:%' ESCAPE '\';
UPDATE audit SET reason = 'no-link' WHERE action = 'ping.refused' AND detail LIKE 'NO\_LINK:%' ESCAPE '\';
UPDATE audit SET reason = 'target-not-found' WHERE action = 'ping.refused' AND detail LIKE 'TARGET\_NOT\_FOUND:%' ESCAPE '\';
UPDATE audit SET reason = 'target-not-supported' WHERE action = 'ping.refused' AND detail LIKE 'TARGET\_NOT\_SUPPORTED:%' ESCAPE '\';
UPDATE audit SET reason = 'already-registered' WHERE action = 'ping.refused' AND detail LIKE 'ALREADY\_REGISTERED:%' ESCAPE '\';
UPDATE audit SET reason = 'access-denied' WHERE action = 'ping.refused' AND detail LIKE 'ACCESS\_DENIED:%' ESCAPE '\';
UPDATE audit SET reason = 'blocked' WHERE action = 'ping.refused' AND detail LIKE 'BLOCKED:%';
UPDATE audit SET reason = 'upstream-error' WHERE action = 'ping.refused' AND detail LIKE 'UPSTREAM\_ERROR:%' ESCAPE '\';
