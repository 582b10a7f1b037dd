package org.linkback.backlink;

/**
 * Who or what makes a change, as its audit entry names it: a remote blog's ping (with the URLs
 * as it sent them), a background check or a moderator.
 *
 * @param actor    "ping", "check", "admin", or a site owner's token label
 * @param kind     the protocol of a ping or check, or null (a moderator: the backlink's own)
 * @param source   the source as sent, or null (then the backlink's own)
 * @param target   the target as sent, or null (then the backlink's own)
 * @param clientIp who asked: the sender, the moderator, or null
 */
public record Cause(String actor, Kind kind, String source, String target, String clientIp) {

    /** A ping, with its URLs as the sender wrote them. */
    public static Cause ping(Kind kind, String source, String target, String clientIp) {
        return new Cause("ping", kind, source, target, clientIp);
    }

    /** A background check of a stored backlink (a webmention's first check, a re-check, a sweep). */
    public static Cause check(Kind kind, String source, String target, String clientIp) {
        return new Cause("check", kind, source, target, clientIp);
    }

    /** A moderator at {@code adminIp}. */
    public static Cause admin(String adminIp) {
        return moderator("admin", adminIp);
    }

    /** A moderator by name: "admin", or a site owner's token label. */
    public static Cause moderator(String actor, String clientIp) {
        return new Cause(actor, null, null, null, clientIp);
    }
}
