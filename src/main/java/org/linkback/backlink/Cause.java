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
 * @param site     the one site whose backlinks this moderator may change (a site's owner, or a
 *                 block on one site's list), or null for every site
 */
public record Cause(String actor, Kind kind, String source, String target, String clientIp, String site) {

    /** A ping, with its URLs as the sender wrote them. */
    public static Cause ping(Kind kind, String source, String target, String clientIp) {
        return new Cause("ping", kind, source, target, clientIp, null);
    }

    /** A background check of a stored backlink (a webmention's first check, a re-check, a sweep). */
    public static Cause check(Kind kind, String source, String target, String clientIp) {
        return new Cause("check", kind, source, target, clientIp, null);
    }

    /** The admin at {@code adminIp}, for every site. */
    public static Cause admin(String adminIp) {
        return moderator("admin", adminIp, null);
    }

    /**
     * A moderator by name ("admin", or a site owner's token label), for one site or (null) every
     * site: another site's backlink is, to them, as if it did not exist.
     */
    public static Cause moderator(String actor, String clientIp, String site) {
        return new Cause(actor, null, null, null, clientIp, site);
    }

    /** Whether this may change that backlink: its site is the one this is for, or this is for every site. */
    boolean reaches(Backlink backlink) {
        return site == null || site.equals(backlink.site());
    }
}
