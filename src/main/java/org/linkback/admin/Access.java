package org.linkback.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.backlink.Cause;
import org.linkback.http.Answers;
import org.linkback.http.ClientAddress;
import org.linkback.site.OwnerTokens;

/**
 * Who a request to the admin API is: the admin (every site), or the holder of one site's owner
 * token (that site only). Set by the token check on every request; each resource asks it what
 * the request may see.
 *
 * @param site    the one site it may see, or null for the admin
 * @param actor   its name in the audit log: "admin", or the owner token's label
 * @param tokenId the owner token's id, or null for the admin
 */
record Access(String site, String actor, Long tokenId) {

    static final Access ADMIN = new Access(null, "admin", null);

    static Access owner(OwnerTokens.Owner owner) {
        return new Access(owner.site(), owner.label(), owner.tokenId());
    }

    /** The access the token check found for this request. */
    static Access of(ServerRequest req) {
        return req.context().get(Access.class).orElseThrow();
    }

    boolean admin() {
        return site == null;
    }

    /** Whether it may see what belongs to this site. */
    boolean covers(String siteName) {
        return site == null || site.equals(siteName);
    }

    /** The site a request may ask about: the owner's own whatever it asks; the admin's choice (null: all). */
    String siteOr(String asked) {
        return site != null ? site : asked;
    }

    /** This moderator, as the write path knows them (their name, their address, the site they may change). */
    Cause cause(ServerRequest req) {
        return Cause.moderator(actor, ClientAddress.of(req), site);
    }

    /** Answers 403 and returns false for an owner: the request is the admin's alone. */
    static boolean adminOnly(ServerRequest req, ServerResponse res) {
        if (of(req).admin()) {
            return true;
        }
        Answers.jsonError(res, Status.FORBIDDEN_403, "only the admin may do this; an owner token sees its own site");
        return false;
    }
}
