package org.linkback.receive;

import java.net.URI;
import java.util.Optional;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.queue.Job;
import org.linkback.queue.JobWorker;
import org.linkback.store.Database;
import org.linkback.backlink.Kind;
import org.linkback.backlink.Backlink;
import org.linkback.webhook.Webhooks;
import org.linkback.backlink.BacklinkStore;
import org.linkback.backlink.Lifecycle;

/**
 * Checking a stored backlink again, as a queued job: a webmention's first check, a webmention
 * sent again, and the re-verification sweep ({@link Sweep}: a source that answers 410, or 404 at
 * two sweeps in a row, or no longer links, takes its backlink down; one that is down keeps it). The source is fetched and the lifecycle decides
 * the new state: verified, rejected or deleted (a source that is gone or no longer links).
 * Passing failures are retried by the queue.
 */
public final class Recheck implements JobWorker.Handler {

    private final Database database;
    private final BacklinkStore store;
    private final Sites sites;
    private final SourceCheck sourceCheck;
    private final PingLog log;
    private final Webhooks webhooks;

    public Recheck(Database database, BacklinkStore store, Sites sites, SourceCheck sourceCheck, PingLog log, Webhooks webhooks) {
        this.database = database;
        this.store = store;
        this.sites = sites;
        this.sourceCheck = sourceCheck;
        this.log = log;
        this.webhooks = webhooks;
    }

    @Override
    public Optional<String> handle(Job job) {
        Optional<Backlink> found = store.findById(job.subjectId());
        if (found.isEmpty()) {
            return Optional.empty(); // deleted by an admin meanwhile
        }
        Backlink mention = found.get();
        // A webmention sent for a pair stored by another protocol makes it a webmention; a sweep keeps the kind.
        Kind kind = job.isSweep() ? mention.kind() : Kind.WEBMENTION;
        IncomingPing ping = new IncomingPing(kind, mention.source(), mention.target(), job.clientIp());
        Optional<Site> site = sites.byName(mention.site());
        if (site.isEmpty()) {
            failed(ping, mention.id(), "the target is no longer on a site served here");
            return Optional.empty();
        }
        CheckResult checked;
        try {
            checked = sourceCheck.check(new ValidPing(URI.create(mention.source()), URI.create(mention.target()), site.get()), ping,
                                        false);
        } catch (PingRefusedException e) {
            if (e.refusal() == Refusal.UPSTREAM_ERROR) {
                log.retry(ping, e.fullMessage());
                return Optional.of(e.fullMessage());
            }
            if (job.isSweep() && e.refusal() == Refusal.SOURCE_GONE && e.getMessage().endsWith(" 404")
                && mention.missingCount() == 0) {
                // one 404 may be a moment's mistake: the next sweep decides (a 410 says it is gone for good)
                database.useTransaction(h -> store.countMissing(h, mention.id()));
                return Optional.empty();
            }
            failed(ping, mention.id(), e.fullMessage());
            return Optional.empty();
        }
        database.useTransaction(h -> {
            Backlink current = store.findById(h, mention.id()).orElseThrow();
            Backlink saved = store.saveInteraction(h, store.savePassedCheck(h, current.id(), kind,
                                                  Lifecycle.next(current.state(), new Lifecycle.CheckPassed(checked.scored())),
                                                  checked.details(), checked.assessment(), job.clientIp()), checked.interaction());
            log.accepted(h, ping, saved, true);
            webhooks.changed(h, Optional.of(current), saved);
        });
        return Optional.empty();
    }

    @Override
    public void giveUp(Job job, String lastReason) {
        if (job.isSweep()) {
            return; // a source that is down for a while keeps its backlink; the next sweep asks again
        }
        store.findById(job.subjectId()).ifPresent(mention -> failed(
                new IncomingPing(Kind.WEBMENTION, mention.source(), mention.target(), job.clientIp()),
                mention.id(), "gave up after repeated failures: " + lastReason));
    }

    /** Records a failed check and its audit entry in one unit of work. */
    private void failed(IncomingPing ping, long mentionId, String reason) {
        database.useTransaction(h -> store.findById(h, mentionId).ifPresent(current -> {
            Backlink saved = store.saveFailedCheck(h, mentionId, Lifecycle.next(current.state(), new Lifecycle.CheckFailed()), reason);
            log.failed(h, ping, saved);
            webhooks.statusSet(h, current, saved);
        }));
    }
}
