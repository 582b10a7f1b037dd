package org.linkback.webmention;

import java.net.URI;
import java.util.Optional;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.queue.Job;
import org.linkback.queue.JobWorker;
import org.linkback.receive.CheckResult;
import org.linkback.receive.IncomingPing;
import org.linkback.receive.LinkReceiver;
import org.linkback.receive.PingLog;
import org.linkback.receive.PingRefusedException;
import org.linkback.receive.Refusal;
import org.linkback.receive.ValidPing;
import org.linkback.store.Kind;
import org.linkback.store.Mention;
import org.linkback.store.MentionStore;

/**
 * A queued check of a webmention: fetch the source, and record verified, rejected or
 * deleted (a source that is gone or no longer links). Passing failures are retried.
 */
public final class WebmentionCheck implements JobWorker.Handler {

    private final LinkReceiver receiver;
    private final MentionStore store;
    private final Sites sites;
    private final PingLog log;

    public WebmentionCheck(LinkReceiver receiver, MentionStore store, Sites sites, PingLog log) {
        this.receiver = receiver;
        this.store = store;
        this.sites = sites;
        this.log = log;
    }

    @Override
    public Optional<String> handle(Job job) {
        Optional<Mention> found = store.findById(job.mentionId());
        if (found.isEmpty()) {
            return Optional.empty(); // deleted by an admin meanwhile
        }
        Mention mention = found.get();
        IncomingPing ping = new IncomingPing(Kind.WEBMENTION, mention.source(), mention.target(), job.clientIp());
        Optional<Site> site = sites.byName(mention.site());
        if (site.isEmpty()) {
            failed(ping, mention.id(), "the target is no longer on a site served here");
            return Optional.empty();
        }
        try {
            CheckResult checked = receiver.check(new ValidPing(URI.create(mention.source()), URI.create(mention.target()),
                                                               site.get()), ping);
            store.inTransaction(() -> {
                log.accepted(ping, store.markVerified(mention.id(), Kind.WEBMENTION, checked.details(), checked.assessment(),
                                                      checked.status(), job.clientIp()), true);
                return null;
            });
            return Optional.empty();
        } catch (PingRefusedException e) {
            if (e.refusal() == Refusal.UPSTREAM_ERROR) {
                log.retry(ping, e.getMessage());
                return Optional.of(e.getMessage());
            }
            failed(ping, mention.id(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void giveUp(Job job, String lastReason) {
        store.findById(job.mentionId()).ifPresent(mention -> failed(
                new IncomingPing(Kind.WEBMENTION, mention.source(), mention.target(), job.clientIp()),
                mention.id(), "gave up after repeated failures: " + lastReason));
    }

    /** Records a failed check and its audit entry in one commit. */
    private void failed(IncomingPing ping, long mentionId, String reason) {
        store.inTransaction(() -> {
            log.failed(ping, store.markFailed(mentionId, reason));
            return null;
        });
    }
}
