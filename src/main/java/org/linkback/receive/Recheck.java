package org.linkback.receive;

import java.net.URI;
import java.util.Optional;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.Cause;
import org.linkback.backlink.CheckFailure;
import org.linkback.backlink.CheckResult;
import org.linkback.backlink.Kind;
import org.linkback.backlink.Refusal;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.queue.Job;
import org.linkback.queue.JobWorker;
import org.linkback.store.Database;

/**
 * A queued check of a stored backlink: a webmention's first check, a webmention sent again, and
 * the re-verification sweep ({@link Sweep}). The source is fetched; what the check found is
 * handed to {@link Backlinks}, which reads the backlink again in its unit of work and lets the
 * lifecycle decide (a source that answers 410, or 404 at two sweeps in a row, or no longer links,
 * takes a verified backlink down; one that is down for a while keeps it). Passing failures are
 * retried by the queue.
 */
public final class Recheck implements JobWorker.Handler {

    private final Database database;
    private final Backlinks backlinks;
    private final Sites sites;
    private final SourceCheck sourceCheck;
    private final PingLog log;

    public Recheck(Database database, Backlinks backlinks, Sites sites, SourceCheck sourceCheck, PingLog log) {
        this.database = database;
        this.backlinks = backlinks;
        this.sites = sites;
        this.sourceCheck = sourceCheck;
        this.log = log;
    }

    @Override
    public Optional<String> handle(Job job) {
        Optional<Backlink> found = backlinks.findReadable(job.subjectId());
        if (found.isEmpty()) {
            return Optional.empty(); // deleted by an admin meanwhile, or a row this version cannot read (logged)
        }
        Backlink backlink = found.get();
        if (backlink.kind() == Kind.ACTIVITYPUB) {
            // a signed reaction has no page to check (its source may be a profile that links nowhere): neither a sweep
            // nor a webmention naming the same pair may take it down, only its sender's Delete or Undo
            return Optional.empty();
        }
        IncomingPing ping = ping(job, backlink);
        Optional<Site> site = sites.byName(backlink.site());
        if (site.isEmpty()) {
            failed(job, ping, new CheckFailure(Refusal.TARGET_NOT_SUPPORTED, null, "the target is no longer on a site served here"));
            return Optional.empty();
        }
        CheckResult checked;
        try {
            checked = sourceCheck.check(new ValidPing(URI.create(backlink.source()), URI.create(backlink.target()), site.get()), ping,
                                        false);
        } catch (PingRefusedException e) {
            if (e.refusal() == Refusal.UPSTREAM_ERROR) {
                log.retry(ping, e.fullMessage());
                return Optional.of(e.fullMessage());
            }
            failed(job, ping, e.asCheckFailure());
            return Optional.empty();
        }
        database.inTransaction(h -> backlinks.checkPassed(h, backlink.id(), cause(ping), checked))
                .ifPresent(saved -> log.accepted(ping, saved, true));
        return Optional.empty();
    }

    /** A webmention sent for a pair stored by another protocol makes it a webmention; a sweep keeps the kind. */
    private static IncomingPing ping(Job job, Backlink backlink) {
        Kind kind = job.isSweep() ? backlink.kind() : Kind.WEBMENTION;
        return new IncomingPing(kind, backlink.source(), backlink.target(), job.clientIp());
    }

    private static Cause cause(IncomingPing ping) {
        return Cause.check(ping.kind(), ping.source(), ping.target(), ping.clientIp());
    }

    @Override
    public void giveUp(Job job, String lastReason) {
        if (job.isSweep()) {
            return; // a source that is down for a while keeps its backlink; the next sweep asks again
        }
        backlinks.findReadable(job.subjectId()).ifPresent(backlink -> failed(
                job, ping(job, backlink), new CheckFailure(Refusal.GAVE_UP, null, "gave up after repeated failures: " + lastReason)));
    }

    private void failed(Job job, IncomingPing ping, CheckFailure failure) {
        database.inTransaction(h -> backlinks.checkFailed(h, job.subjectId(), cause(ping), failure, job.isSweep()))
                .ifPresent(saved -> log.failed(ping, saved));
    }
}
