package org.linkback.admin;

import io.helidon.webserver.http.HttpRouting;

import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlinks;
import org.linkback.config.Sites;
import org.linkback.send.Outbox;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;
import org.linkback.transfer.TransferService;
import org.linkback.webhook.Webhooks;

/**
 * The admin part of linkback: the JSON API under {@code /admin/api} and the page under {@code /admin/}.
 */
public final class Admin {

    private Admin() {
    }

    /**
     * @param token        the admin token; empty disables both (they answer 404)
     * @param secureCookie true to send the session cookie over TLS only (public URL is https)
     */
    public static void register(HttpRouting.Builder routing, String token, boolean secureCookie,
                                Database database, Sites sites, Backlinks backlinks, Blocklist blocklist, AuditLog audit,
                                Outbox outbox, Webhooks webhooks) {
        AdminAuth auth = new AdminAuth(token, secureCookie);
        Moderation moderation = new Moderation(database, backlinks, blocklist, audit);
        routing.register("/admin/api", new AdminApiService(auth, backlinks, new BacklinkPages(database), blocklist, audit, moderation, outbox,
                                                               new Overview(database, sites), webhooks,
                                                               new TransferService(database, sites, backlinks)))
                .get("/admin", (req, res) -> res.status(io.helidon.http.Status.MOVED_PERMANENTLY_301)
                        .header(io.helidon.http.HeaderNames.LOCATION, "/admin/").send())
                .register("/admin", new AdminPageService(auth, moderation));
    }
}
