package org.linkback.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.linkback.config.LinkbackConfig;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.queue.Job;
import org.linkback.queue.JobQueue;
import org.linkback.queue.JobWorker;
import org.linkback.store.Database;
import org.linkback.text.Text;

/**
 * Delivers webhook events from the durable queue, signed to the Standard Webhooks spec
 * (https://www.standardwebhooks.com/): {@code webhook-id} (the same for every attempt),
 * {@code webhook-timestamp} (seconds) and {@code webhook-signature: v1,} + base64 of the
 * HMAC-SHA256 of {@code id.timestamp.body} keyed with the secret after {@code whsec_}. A 2xx
 * answer settles a delivery for good (it is never sent again unless replayed); anything else is
 * tried again with the queue's capped exponential backoff. Through the safe fetcher: a webhook
 * on a private address needs {@code fetch.allow-private-addresses}, like any fetch.
 */
public final class WebhookSender implements JobWorker.Handler {

    private final Database database;
    private final SafeFetcher fetcher;
    private final List<LinkbackConfig.Webhook> hooks;

    public WebhookSender(Database database, SafeFetcher fetcher, List<LinkbackConfig.Webhook> hooks) {
        this.database = database;
        this.fetcher = fetcher;
        this.hooks = hooks;
    }

    private record Pending(String url, String messageId, String payload, boolean delivered) {
    }

    @Override
    public Optional<String> handle(Job job) {
        Optional<Pending> pending = database.read(h -> h.createQuery("SELECT webhook_url, message_id, payload, delivered_at "
                                                                     + "FROM webhook_delivery WHERE id = :id")
                .bind("id", job.subjectId())
                .map((rs, ctx) -> new Pending(rs.getString("webhook_url"), rs.getString("message_id"), rs.getString("payload"),
                                              rs.getTimestamp("delivered_at") != null))
                .findOne());
        Optional<LinkbackConfig.Webhook> hook = pending.flatMap(p -> hooks.stream().filter(w -> w.url().toString().equals(p.url()))
                .findFirst());
        if (pending.isEmpty() || pending.get().delivered()) {
            return Optional.empty(); // acknowledged already
        }
        if (hook.isEmpty()) {
            // settled, so start-up does not queue it again (JobQueue.webhooks); a replay brings it back
            database.useTransaction(h -> h.createUpdate("UPDATE webhook_delivery SET last_error = :error, gave_up_at = :now WHERE id = :id")
                    .bind("id", job.subjectId())
                    .bind("error", "gave up: the webhook is no longer configured")
                    .bind("now", Timestamp.from(Instant.now()))
                    .execute());
            return Optional.empty();
        }
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        byte[] body = pending.get().payload().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("webhook-id", pending.get().messageId(),
                                             "webhook-timestamp", timestamp,
                                             "webhook-signature", "v1," + sign(hook.get().key(), pending.get().messageId(), timestamp, body));
        try {
            Fetched answer = fetcher.post(URI.create(pending.get().url()), "application/json", body, "*/*",
                                          "delivering webhook " + pending.get().messageId(), headers);
            boolean acknowledged = answer.status() >= 200 && answer.status() < 300;
            record(job.subjectId(), answer.status(), acknowledged ? null : "HTTP " + answer.status(), acknowledged);
            return acknowledged ? Optional.empty() : Optional.of("the webhook answered HTTP " + answer.status());
        } catch (FetchException e) {
            record(job.subjectId(), null, e.getMessage(), false);
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void giveUp(Job job, String lastReason) {
        database.useTransaction(h -> h.createUpdate("UPDATE webhook_delivery SET last_error = :error, gave_up_at = :now WHERE id = :id")
                .bind("id", job.subjectId())
                .bind("error", Text.cut("gave up after repeated failures: " + lastReason, 500))
                .bind("now", Timestamp.from(Instant.now()))
                .execute());
    }

    private void record(long id, Integer status, String error, boolean delivered) {
        database.useTransaction(h -> {
            var update = h.createUpdate("UPDATE webhook_delivery SET attempts = attempts + 1, last_status = :status, "
                                        + "last_error = :error" + (delivered ? ", delivered_at = :now" : "") + " WHERE id = :id")
                    .bind("id", id)
                    .bind("status", status)
                    .bind("error", Text.cut(error, 500));
            if (delivered) {
                update.bind("now", Timestamp.from(Instant.now()));
            }
            update.execute();
        });
    }

    /** Standard Webhooks' v1 signature: base64 of HMAC-SHA256(key, id + "." + timestamp + "." + body). */
    static String sign(byte[] key, String messageId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }
}
