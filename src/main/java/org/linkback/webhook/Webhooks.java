package org.linkback.webhook;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.jdbi.v3.core.Handle;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkJson;
import org.linkback.backlink.BacklinkListener;
import org.linkback.config.LinkbackConfig;
import org.linkback.http.Answers;
import org.linkback.queue.JobQueue;
import org.linkback.store.Database;
import org.linkback.text.RandomTokens;

/**
 * Tells configured webhooks of changes to backlinks: {@code backlink.created} (first stored as
 * verified), {@code backlink.updated} (what a check found changed), {@code backlink.status-changed}
 * and {@code backlink.deleted}, each only when something really changed. An event is a
 * {@code webhook_delivery} row and a queued job, written in the unit of work of the change
 * itself (no change without its event, no event without its change); {@link WebhookSender}
 * delivers it.
 */
public final class Webhooks implements BacklinkListener {


    /** A delivery as the admin API lists it. */
    public record Delivery(long id, String webhook, String messageId, String event, Instant createdAt, Instant deliveredAt,
                           int attempts, Integer lastStatus, String lastError) {
    }

    private final Database database;
    private final List<LinkbackConfig.Webhook> hooks;
    private final JobQueue jobs;
    private final Clock clock;

    public Webhooks(Database database, List<LinkbackConfig.Webhook> hooks, JobQueue jobs, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.hooks = hooks;
        this.jobs = jobs;
    }

    /**
     * Turns a change into its event, in the change's unit of work: created when a backlink is
     * verified for the first time, status-changed when its status changed, updated when what a
     * check found changed, deleted when it was removed. A queued or imported backlink is no event.
     */
    @Override
    public void changed(Handle h, Change change) {
        Optional<Backlink> before = change.before();
        switch (change.operation()) {
            case CHECK_PASSED -> {
                Backlink after = change.after().orElseThrow();
                if (before.isEmpty() || before.get().verifiedAt() == null && after.verifiedAt() != null) {
                    if (after.verifiedAt() != null) {
                        fire(h, "backlink.created", after);
                    }
                } else if (before.get().status() != after.status()) {
                    fire(h, "backlink.status-changed", after);
                } else if (!sameContent(before.get(), after)) {
                    fire(h, "backlink.updated", after);
                }
            }
            case CHECK_FAILED, MODERATED -> {
                Backlink after = change.after().orElseThrow();
                if (before.orElseThrow().status() != after.status()) {
                    fire(h, "backlink.status-changed", after);
                }
            }
            case DELETED -> fire(h, "backlink.deleted", before.orElseThrow());
            case QUEUED, IMPORTED -> { }
        }
    }

    private static boolean sameContent(Backlink a, Backlink b) {
        return a.kind() == b.kind() && Objects.equals(a.title(), b.title()) && Objects.equals(a.excerpt(), b.excerpt())
               && Objects.equals(a.author(), b.author()) && Objects.equals(a.interaction(), b.interaction())
               && Objects.equals(a.check(), b.check());
    }

    private void fire(Handle h, String event, Backlink m) {
        for (LinkbackConfig.Webhook hook : hooks) {
            if (!hook.events().contains(event) || !hook.sites().isEmpty() && !hook.sites().contains(m.site())) {
                continue;
            }
            Instant now = clock.instant();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", event);
            body.put("timestamp", now.toString());
            body.put("data", BacklinkJson.of(m));
            String payload;
            try {
                payload = Answers.JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of plain values always writes", e);
            }
            long id = h.createUpdate("INSERT INTO webhook_delivery (webhook_url, message_id, event, payload, created_at, site) "
                                     + "VALUES (:url, :message, :event, :payload, :now, :site)")
                    .bind("site", m.site())
                    .bind("url", hook.url().toString())
                    .bind("message", "msg_" + RandomTokens.urlSafe(18))
                    .bind("event", event)
                    .bind("payload", payload)
                    .bind("now", Timestamp.from(now))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            jobs.enqueue(h, id, null, hook.url().getHost());
        }
    }

    /** The newest deliveries first, below {@code before} (an id) when given, of one site's backlinks when {@code site} is given. */
    public List<Delivery> deliveries(Long before, String site, int limit) {
        return database.read(h -> {
            var query = h.createQuery("SELECT id, webhook_url, message_id, event, created_at, delivered_at, attempts, "
                                      + "last_status, last_error FROM webhook_delivery WHERE 1 = 1"
                                      + (before == null ? "" : " AND id < :before")
                                      + (site == null ? "" : " AND site = :site")
                                      + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                    .bind("limit", limit);
            if (before != null) {
                query.bind("before", before);
            }
            if (site != null) {
                query.bind("site", site);
            }
            return query.map((rs, ctx) -> new Delivery(rs.getLong("id"), rs.getString("webhook_url"), rs.getString("message_id"),
                                               rs.getString("event"), rs.getTimestamp("created_at").toInstant(),
                                               rs.getTimestamp("delivered_at") == null ? null : rs.getTimestamp("delivered_at").toInstant(),
                                               rs.getInt("attempts"), (Integer) rs.getObject("last_status"), rs.getString("last_error")))
                    .list();
        });
    }

    /**
     * Sends the deliveries from {@code since} (an id) on again, acknowledged or not, with their own
     * ids: all of them, or one site's when {@code site} is given.
     */
    public int replay(long since, String site) {
        String ofSite = site == null ? "" : " AND site = :site";
        return database.inTransaction(h -> {
            var select = h.createQuery("SELECT id, webhook_url FROM webhook_delivery WHERE id >= :since" + ofSite + " ORDER BY id")
                    .bind("since", since);
            var update = h.createUpdate("UPDATE webhook_delivery SET delivered_at = NULL, gave_up_at = NULL WHERE id >= :since" + ofSite)
                    .bind("since", since);
            if (site != null) {
                select.bind("site", site);
                update.bind("site", site);
            }
            List<Map.Entry<Long, String>> due = select.map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("webhook_url"))).list();
            update.execute();
            due.forEach(d -> jobs.enqueue(h, d.getKey(), null, java.net.URI.create(d.getValue()).getHost()));
            return due.size();
        });
    }


}
