package org.linkback.mail;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.queue.JobQueue;
import org.linkback.store.Database;
import org.linkback.text.RandomTokens;
import org.linkback.text.Text;

/**
 * Queues written emails: a {@code mail_message} row and its job, in the caller's unit of work, so
 * an email is queued with what it tells of or not at all. One email per dedupe key (a person's
 * digest of a day is made once however many processes make it).
 */
final class Mailbox {

    private final Database database;
    private final JobQueue jobs;
    private final String messageIdDomain;
    private final Clock clock;

    Mailbox(Database database, JobQueue jobs, URI publicUrl, Clock clock) {
        this.database = database;
        this.jobs = jobs;
        this.messageIdDomain = publicUrl.getHost() == null ? "linkback.invalid" : publicUrl.getHost();
        this.clock = clock;
    }

    /** @return the message's id, or empty when one with this key exists */
    Optional<Long> queue(Handle h, Letter letter, String dedupeKey) {
        Optional<Long> id = database.dialect().insertReturningId(
                h, "INSERT INTO mail_message (dedupe_key, site, kind, recipient, language, subject, text_body, html_body, unsubscribe, "
                   + "message_id, created_at) VALUES (:key, :site, :kind, :recipient, :language, :subject, :text, :html, :unsubscribe, "
                   + ":messageId, :now)", "dedupe_key",
                insert -> insert.bind("key", Text.cut(dedupeKey, 400))
                        .bind("site", letter.site())
                        .bind("kind", letter.kind())
                        .bind("recipient", letter.recipient())
                        .bind("language", letter.language())
                        .bind("subject", Text.cut(letter.subject(), 1000))
                        .bind("text", letter.text())
                        .bind("html", letter.html())
                        .bind("unsubscribe", letter.unsubscribe())
                        .bind("messageId", "<" + RandomTokens.urlSafe(18) + "@" + messageIdDomain + ">")
                        .bind("now", Timestamp.from(clock.instant())));
        id.ifPresent(message -> jobs.enqueue(h, message, null, null));
        return id;
    }
}
