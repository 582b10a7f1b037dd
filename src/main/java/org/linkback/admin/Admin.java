package org.linkback.admin;

import java.time.Clock;
import java.time.Duration;

import io.helidon.webserver.http.HttpService;

import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlinks;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.RateLimiter;
import org.linkback.i18n.Translations;
import org.linkback.send.Outbox;
import org.linkback.site.OwnerTokens;
import org.linkback.site.SiteDirectory;
import org.linkback.spam.Blocklist;
import org.linkback.spam.LearnedSpam;
import org.linkback.store.Database;
import org.linkback.transfer.TransferService;
import org.linkback.mail.MailChoices;
import org.linkback.webhook.Webhooks;

/**
 * The admin part of linkback: one service per resource of the JSON API under {@code /admin/api},
 * the token check that goes before them all, and the page under {@code /admin/}. Where each is
 * registered is {@code LinkbackServer.routing}.
 */
public record Admin(HttpService authorization, HttpService adminOnly, HttpService sites, HttpService backlinks, HttpService blocklist,
                    HttpService audit, HttpService overview, HttpService outbound, HttpService webhooks, HttpService transfer,
                    HttpService page, AutoCloseable running) {

    /**
     * @param token        the admin token; empty: no admin (the API and page then answer 404, unless sign-up makes owners)
     * @param signup       whether sign-up is on: owners may exist without an admin
     * @param secureCookie true to send the session cookie over TLS only (public URL is https)
     */
    public static Admin create(String token, boolean signup, boolean secureCookie, Database database, SiteDirectory sites,
                               OwnerTokens owners, Backlinks backlinks, Blocklist blocklist, AuditLog audit, Outbox outbox,
                               Webhooks webhooks, SafeFetcher fetcher, Duration listRefresh, LearnedSpam learned,
                               Translations translations, MailChoices email, Clock clock) {
        AdminAuth auth = new AdminAuth(token, owners, signup, secureCookie);
        Moderation moderation = new Moderation(database, backlinks, blocklist, audit);
        RateLimiter guesses = new RateLimiter(10, clock); // sign-in attempts and wrong API tokens, per client IP
        SharedBlocklists lists = new SharedBlocklists(database, backlinks, blocklist, audit, fetcher, listRefresh, clock).start();
        return new Admin(AdminApi.authorization(auth, guesses),
                         AdminApi.adminOnly(),
                         new SitesApi(sites, owners, backlinks, database, audit, email),
                         new BacklinksApi(backlinks, new BacklinkPages(database), moderation),
                         new BlocklistApi(blocklist, moderation, lists, sites.sites()),
                         new AuditApi(audit),
                         new OverviewApi(new Overview(database, sites.sites()), learned),
                         new OutboundApi(outbox, sites.sites()),
                         new WebhooksApi(webhooks),
                         new TransferService(database, sites.sites(), backlinks, clock),
                         new AdminPageService(auth, moderation, guesses, translations),
                         lists);
    }
}
