package org.linkback.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jdbi.v3.core.Handle;

import org.linkback.store.Database;
import org.linkback.text.RandomTokens;

/**
 * The links in an email, signed with HMAC-SHA256 under a key this server keeps in its database
 * ({@code server_secret}: the same in every process and after restarts). An action link names one
 * backlink, one action, the site and the recipient, expires after {@link #LIFETIME} and works once
 * (its nonce is kept when used, {@link #use}). An unsubscribe link names a site (or every site)
 * and a person, and keeps working.
 */
final class MailLinks {

    /** How long an action link works. */
    static final Duration LIFETIME = Duration.ofDays(7);

    enum Action {
        APPROVE, SPAM;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an action link says: do {@code action} to backlink {@code backlinkId} of {@code site}, as {@code actor}. */
    record ActionLink(long backlinkId, Action action, String site, String actor, Instant expires, String nonce) {
    }

    /** What an unsubscribe link says: {@code person} ({@code address}) hears no more of {@code site} (null: every site). */
    record Unsubscribe(String site, MailChoices.Person person, String address) {
    }

    private final Database database;
    private final Clock clock;
    private volatile byte[] key;

    MailLinks(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    String action(long backlinkId, Action action, String site, String actor) {
        Instant expires = clock.instant().plus(LIFETIME);
        return sign(String.join("\n", "a", Long.toString(backlinkId), action.id(), site, actor,
                                Long.toString(expires.getEpochSecond()), RandomTokens.urlSafe(12)));
    }

    String unsubscribe(String site, MailChoices.Person person, String address) {
        return sign(String.join("\n", "u", site == null ? "*" : site, person.id(), address));
    }

    /** A well-signed action link's content (expired or not: the page says which), or empty. */
    Optional<ActionLink> readAction(String token) {
        return verified(token).filter(f -> f.length == 7 && f[0].equals("a")).flatMap(f -> {
            try {
                return Optional.of(new ActionLink(Long.parseLong(f[1]), Action.valueOf(f[2].toUpperCase(Locale.ROOT)), f[3],
                                                  f[4], Instant.ofEpochSecond(Long.parseLong(f[5])), f[6]));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    Optional<Unsubscribe> readUnsubscribe(String token) {
        return verified(token).filter(f -> f.length == 4 && f[0].equals("u")).flatMap(f -> {
            try {
                return Optional.of(new Unsubscribe(f[1].equals("*") ? null : f[1], MailChoices.Person.fromId(f[2]), f[3]));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    boolean expired(ActionLink link) {
        return !clock.instant().isBefore(link.expires());
    }

    /** Marks an action link used, in the unit of work of its action; false when it was used already. */
    boolean use(Handle h, ActionLink link) {
        Timestamp now = Timestamp.from(clock.instant());
        h.createUpdate("DELETE FROM mail_link_used WHERE expires_at < :now").bind("now", now).execute();
        return database.dialect().insertUnlessTaken(h, "INSERT INTO mail_link_used (nonce, used_at, expires_at) VALUES (:nonce, :now, :expires)",
                                                    "nonce", insert -> insert.bind("nonce", link.nonce()).bind("now", now)
                                                            .bind("expires", Timestamp.from(link.expires()))) == 1;
    }

    boolean used(ActionLink link) {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM mail_link_used WHERE nonce = :nonce")
                .bind("nonce", link.nonce()).mapTo(Integer.class).one()) > 0;
    }

    private String sign(String payload) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + mac(body);
    }

    /** The fields of a token whose signature is right (compared in constant time), or empty. */
    private Optional<String[]> verified(String token) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        if (!MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII),
                                   token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).split("\n", -1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    /** The signing key: made once (the first process to ask wins), then read. */
    private byte[] key() {
        byte[] known = key;
        if (known == null) {
            known = database.inTransaction(h -> {
                database.dialect().insertUnlessTaken(h, "INSERT INTO server_secret (name, secret, created_at) VALUES ('mail-links', :secret, :now)",
                                                     "name", insert -> insert.bind("secret", RandomTokens.urlSafe(32))
                                                             .bind("now", Timestamp.from(clock.instant())));
                return h.createQuery("SELECT secret FROM server_secret WHERE name = 'mail-links'").mapTo(String.class).one();
            }).getBytes(StandardCharsets.US_ASCII);
            key = known;
        }
        return known;
    }
}
