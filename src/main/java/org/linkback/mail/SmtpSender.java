package org.linkback.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.linkback.config.LinkbackConfig;
import org.linkback.queue.Job;
import org.linkback.queue.JobWorker;
import org.linkback.store.Database;
import org.linkback.text.Text;

/**
 * Hands queued emails to the SMTP server (Jakarta Mail, Eclipse Angus): multipart/alternative with
 * a text and an HTML part, {@code List-Unsubscribe} with {@code List-Unsubscribe-Post} (RFC 8058),
 * {@code Auto-Submitted: auto-generated} (RFC 3834), and a {@code Message-ID} fixed when the email
 * was written. Once the server has taken an email it is marked sent (and its bodies, which hold
 * action links or a token, dropped) and never sent again; a refusal or an unreachable server is
 * retried by the queue with its backoff, then given up.
 */
final class SmtpSender implements JobWorker.Handler {

    private final Database database;
    private final LinkbackConfig.Mail config;
    private final Session session;
    private final Clock clock;

    SmtpSender(Database database, LinkbackConfig.Mail config, Clock clock) {
        this.database = database;
        this.config = config;
        this.session = Session.getInstance(properties(config));
        this.clock = clock;
    }

    private static Properties properties(LinkbackConfig.Mail config) {
        Properties p = new Properties();
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", Integer.toString(config.port()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.writetimeout", "30000");
        p.put("mail.smtp.auth", Boolean.toString(!config.username().isEmpty()));
        if (config.tls()) {
            p.put("mail.smtp.ssl.enable", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        } else if (config.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true"); // never send the password or the mail in clear instead
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        return p;
    }

    private record Queued(String recipient, String language, String subject, String text, String html, String unsubscribe,
                          String messageId, boolean settled) {
    }

    @Override
    public Optional<String> handle(Job job) {
        Optional<Queued> queued = database.read(h -> h.createQuery("SELECT recipient, language, subject, text_body, html_body, unsubscribe, "
                                                                   + "message_id, sent_at, gave_up_at FROM mail_message WHERE id = :id")
                .bind("id", job.subjectId())
                .map((rs, ctx) -> new Queued(rs.getString("recipient"), rs.getString("language"), rs.getString("subject"),
                                             rs.getString("text_body"), rs.getString("html_body"), rs.getString("unsubscribe"),
                                             rs.getString("message_id"),
                                             rs.getTimestamp("sent_at") != null || rs.getTimestamp("gave_up_at") != null))
                .findOne());
        if (queued.isEmpty() || queued.get().settled()) {
            return Optional.empty(); // sent already (never twice), or given up
        }
        try {
            MimeMessage message = message(queued.get());
            if (config.username().isEmpty()) {
                Transport.send(message);
            } else {
                Transport.send(message, config.username(), config.password());
            }
        } catch (MessagingException e) {
            String reason = "the SMTP server " + config.host() + ":" + config.port() + " did not take it: " + e.getMessage();
            database.useTransaction(h -> h.createUpdate("UPDATE mail_message SET attempts = attempts + 1, last_error = :error WHERE id = :id")
                    .bind("id", job.subjectId()).bind("error", Text.cut(reason, 500)).execute());
            return Optional.of(reason);
        }
        database.useTransaction(h -> h.createUpdate("UPDATE mail_message SET attempts = attempts + 1, sent_at = :now, last_error = NULL, "
                                                    + "text_body = NULL, html_body = NULL WHERE id = :id")
                .bind("id", job.subjectId()).bind("now", Timestamp.from(clock.instant())).execute());
        return Optional.empty();
    }

    private MimeMessage message(Queued q) throws MessagingException {
        String messageId = q.messageId();
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // the same at every attempt: a copy is known as one
            }
        };
        message.setFrom(new InternetAddress(config.from()));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(q.recipient(), true));
        message.setSubject(q.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-Auto-Response-Suppress", "All");
        message.setHeader("Content-Language", q.language());
        if (q.unsubscribe() != null) {
            message.setHeader("List-Unsubscribe", "<" + q.unsubscribe() + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(q.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(q.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        message.setContent(alternative);
        return message;
    }

    @Override
    public void giveUp(Job job, String lastReason) {
        database.useTransaction(h -> h.createUpdate("UPDATE mail_message SET gave_up_at = :now, last_error = :error WHERE id = :id")
                .bind("id", job.subjectId())
                .bind("now", Timestamp.from(clock.instant()))
                .bind("error", Text.cut("gave up after repeated failures: " + lastReason, 500))
                .execute());
    }
}
