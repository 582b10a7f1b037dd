package org.linkback.activitypub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.Answers;
import org.linkback.queue.Job;
import org.linkback.queue.JobQueue;
import org.linkback.queue.JobWorker;
import org.linkback.store.Database;
import org.linkback.text.Text;
import org.linkback.url.Urls;

/**
 * Our activities on their way to other servers' inboxes: each is a row of
 * {@code fediverse_delivery} and a job of the durable queue, written in the unit of work that
 * decided to send it ({@link #queue}). The worker signs each POST with the site's key at the
 * moment it sends (a fresh {@code Date}); a 2xx settles it, a 410 forgets the followers at that
 * inbox, another 4xx (but 401, 408 and 429) gives up at once, anything else is retried with the
 * queue's backoff. The
 * queue runs one job per host at a time, so a dead or slow server only delays itself.
 */
final class Deliveries implements JobWorker.Handler {

    static final String CONTENT_TYPE = "application/activity+json";

    private final Database database;
    private final JobQueue queue;
    private final SafeFetcher fetcher;
    private final ActorKeys keys;
    private final Actors actors;
    private final Followers followers;
    private final Clock clock;

    Deliveries(Database database, JobQueue queue, SafeFetcher fetcher, ActorKeys keys, Actors actors, Followers followers, Clock clock) {
        this.database = database;
        this.queue = queue;
        this.fetcher = fetcher;
        this.keys = keys;
        this.actors = actors;
        this.followers = followers;
        this.clock = clock;
    }

    /** Queues an activity of a site's actor for one inbox, in the caller's unit of work. */
    void queue(Handle h, String site, String inbox, Map<String, Object> activity) {
        long id = h.createUpdate("INSERT INTO fediverse_delivery (site, inbox, payload, created_at) VALUES (:site, :inbox, :payload, :now)")
                .bind("site", site)
                .bind("inbox", inbox)
                .bind("payload", new String(Answers.bytes(activity), StandardCharsets.UTF_8))
                .bind("now", Timestamp.from(clock.instant()))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        queue.enqueue(h, id, null, Urls.parseHttp(inbox).map(URI::getHost).orElse(null));
    }

    /** Queues an activity for every follower of the site: once per server (its shared inbox), else once per inbox. */
    int queueToFollowers(Handle h, String site, Map<String, Object> activity) {
        int inboxes = 0;
        for (String inbox : followers.inboxes(h, site)) {
            queue(h, site, inbox, activity);
            inboxes++;
        }
        return inboxes;
    }

    private record Pending(String site, String inbox, String payload, boolean settled) {
    }

    @Override
    public Optional<String> handle(Job job) {
        Optional<Pending> pending = database.read(h -> h.createQuery("SELECT site, inbox, payload, delivered_at, gave_up_at "
                                                                     + "FROM fediverse_delivery WHERE id = :id")
                .bind("id", job.subjectId())
                .map((rs, ctx) -> new Pending(rs.getString("site"), rs.getString("inbox"), rs.getString("payload"),
                                              rs.getTimestamp("delivered_at") != null || rs.getTimestamp("gave_up_at") != null))
                .findOne());
        if (pending.isEmpty() || pending.get().settled()) {
            return Optional.empty();
        }
        Pending p = pending.get();
        URI inbox = URI.create(p.inbox());
        byte[] body = p.payload().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = HttpSignatures.signedPost(inbox, CONTENT_TYPE, body, actors.keyId(p.site()),
                                                                keys.of(p.site()).privateKey(), clock.instant());
        try {
            Fetched answer = fetcher.post(inbox, CONTENT_TYPE, body, "application/activity+json, application/json;q=0.9, */*;q=0.1",
                                          "delivering to a fediverse inbox", headers);
            int status = answer.status();
            if (status >= 200 && status < 300) {
                record(job.subjectId(), status, null, "delivered_at");
                return Optional.empty();
            }
            if (status == 410) {
                database.useTransaction(h -> {
                    followers.removeInbox(h, p.inbox());
                    settle(h, job.subjectId(), status, "the inbox is gone (410): its followers were removed", "gave_up_at");
                });
                return Optional.empty();
            }
            // as Mastodon does: 401 (its fetch of our key may have failed a moment), 408 and 429 are worth another try
            if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
                record(job.subjectId(), status, "refused: HTTP " + status, "gave_up_at");
                return Optional.empty();
            }
            record(job.subjectId(), status, "HTTP " + status, null);
            return Optional.of("the inbox answered HTTP " + status);
        } catch (FetchException e) {
            record(job.subjectId(), null, e.getMessage(), null);
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void giveUp(Job job, String lastReason) {
        // the last attempt was counted already
        database.useTransaction(h -> h.createUpdate("UPDATE fediverse_delivery SET last_error = :error, gave_up_at = :now WHERE id = :id")
                .bind("id", job.subjectId())
                .bind("error", Text.cut("gave up after repeated failures: " + lastReason, 500))
                .bind("now", Timestamp.from(clock.instant()))
                .execute());
    }

    /** Counts an attempt; {@code settledColumn} (delivered_at or gave_up_at) is set now, or null to try again. */
    private void record(long id, Integer status, String error, String settledColumn) {
        database.useTransaction(h -> settle(h, id, status, error, settledColumn));
    }

    private void settle(Handle h, long id, Integer status, String error, String settledColumn) {
        var update = h.createUpdate("UPDATE fediverse_delivery SET attempts = attempts + 1, last_status = :status, last_error = :error"
                                    + (settledColumn == null ? "" : ", " + settledColumn + " = :now") + " WHERE id = :id")
                .bind("id", id)
                .bind("status", status)
                .bind("error", Text.cut(error, 500));
        if (settledColumn != null) {
            update.bind("now", Timestamp.from(clock.instant()));
        }
        update.execute();
    }
}
