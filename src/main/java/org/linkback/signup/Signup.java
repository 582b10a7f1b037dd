package org.linkback.signup;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.config.Site;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.mail.Mail;
import org.linkback.mail.MailChoices;
import org.linkback.site.OwnerTokens;
import org.linkback.site.SiteDirectory;
import org.linkback.site.SiteDraft;
import org.linkback.site.SiteRefused;
import org.linkback.store.Database;
import org.linkback.text.RandomTokens;
import org.linkback.text.Text;

/**
 * Claiming a site by proving its domain, as Google Search Console does it: a claim gets a
 * token; the claimant puts {@code <meta name="linkback-verification" content="TOKEN">} in the
 * page at the base URL; verifying fetches that page (through the safe fetcher, like any remote
 * page) and, when the token is there, creates the site and its first owner token. Claims
 * expire after {@link #CLAIM_LIFETIME}.
 */
public final class Signup {

    public static final Duration CLAIM_LIFETIME = Duration.ofDays(7);
    public static final String META_NAME = "linkback-verification";
    /** The label of the owner token a sign-up hands over. */
    public static final String TOKEN_LABEL = "signed up";


    /** A claim as started: the token to publish, until when; the address to send the owner token to, or null. */
    public record Claim(String id, URI baseUrl, String token, Instant expiresAt, String email) {
    }

    /** A verified claim: the site made, and its owner's token (shown this once); where it was emailed, or null. */
    public record Verified(Site site, String token, String emailedTo) {
    }

    private final Database database;
    private final AuditLog audit;
    private final SiteDirectory sites;
    private final OwnerTokens owners;
    private final SafeFetcher fetcher;
    private final Mail mail;
    private final Clock clock;

    public Signup(Database database, AuditLog audit, SiteDirectory sites, OwnerTokens owners, SafeFetcher fetcher, Mail mail, Clock clock) {
        this.mail = mail;
        this.database = database;
        this.audit = audit;
        this.sites = sites;
        this.owners = owners;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /** Whether a claim may give an email address (this server sends email). */
    public boolean takesEmail() {
        return mail.enabled();
    }

    /**
     * Starts a claim of a base URL.
     *
     * @param email where to send the owner token (it becomes the site's notify address), or null
     * @throws SiteRefused 400 for a bad URL, this server's own or a bad address, 409 for one a site already covers
     */
    public Claim claim(String baseUrl, String email, String clientIp) {
        URI base = sites.claimable(baseUrl);
        String address = null;
        if (email != null && !email.isBlank()) {
            if (!mail.enabled()) {
                throw new SignupRefused(400, "this server sends no email (linkback.mail): leave email out");
            }
            try {
                address = MailChoices.parseAddress(email);
            } catch (IllegalArgumentException e) {
                throw new SignupRefused(400, "email: " + e.getMessage());
            }
        }
        Instant now = clock.instant();
        Claim claim = new Claim(RandomTokens.urlSafe(18), base, RandomTokens.urlSafe(24), now.plus(CLAIM_LIFETIME), address);
        database.useTransaction(h -> {
            h.createUpdate("DELETE FROM signup_claim WHERE expires_at < :now").bind("now", Timestamp.from(now)).execute();
            h.createUpdate("INSERT INTO signup_claim (id, base_url, token, client_ip, created_at, expires_at, email) "
                           + "VALUES (:id, :base, :token, :ip, :now, :expires, :email)")
                    .bind("id", claim.id()).bind("base", base.toString()).bind("token", claim.token()).bind("ip", clientIp)
                    .bind("email", claim.email())
                    .bind("now", Timestamp.from(now)).bind("expires", Timestamp.from(claim.expiresAt()))
                    .execute();
        });
        return claim;
    }

    /** A claim that has not expired, or why not (404 none such, 410 expired). */
    public Claim find(String id) {
        Claim claim = database.read(h -> h.createQuery("SELECT id, base_url, token, expires_at, email FROM signup_claim WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> new Claim(rs.getString("id"), URI.create(rs.getString("base_url")), rs.getString("token"),
                                                    rs.getTimestamp("expires_at").toInstant(), rs.getString("email")))
                        .findOne())
                .orElseThrow(() -> new SignupRefused(404, "no such claim (a verified claim is used up)"));
        if (!clock.instant().isBefore(claim.expiresAt())) {
            throw new SignupRefused(410, "this claim expired on " + claim.expiresAt() + "; start a new one");
        }
        return claim;
    }

    /**
     * Looks for the claim's token on its page; when it is there, creates the site and its first owner token.
     *
     * @throws SignupRefused 404/410 for an unknown or expired claim, 422 with what was found when the
     *                       token is not (yet) on the page, 409 when a site covers the URL by now
     */
    public Verified verify(String id, String clientIp) {
        Claim claim = find(id);
        Map<String, Object> found = new LinkedHashMap<>();
        Fetched page;
        try {
            page = fetcher.fetch(new SafeFetcher.Request(claim.baseUrl(), "verifying a site claim from " + clientIp, clientIp,
                                                         "text/html", false));
        } catch (FetchException e) {
            found.put("problem", e.getMessage());
            throw new SignupRefused(422, "could not read " + claim.baseUrl() + ": " + e.getMessage(), found);
        }
        found.put("status", page.status());
        found.put("url", page.url().toString());
        if (!page.isSuccess() || !page.isHtml()) {
            throw new SignupRefused(422, claim.baseUrl() + " answered " + page.status() + " " + page.contentType()
                                         + "; it must be an HTML page (200) with the meta tag", found);
        }
        Document document = Jsoup.parse(page.text(), page.url().toString());
        List<String> tokens = document.select("meta[name=" + META_NAME + "]").eachAttr("content");
        found.put("verificationTokens", tokens);
        if (!tokens.contains(claim.token())) {
            throw new SignupRefused(422, "the page has no <meta name=\"" + META_NAME + "\" content=\"" + claim.token() + "\">"
                                         + (tokens.isEmpty() ? "" : " (it has other tokens: another claim's?)"), found);
        }
        // remote text: XML-safe (it is a feed's title) and of the column's size
        String title = Optional.of(Text.cap(Text.xmlSafe(document.title()).strip(), 200)).filter(t -> !t.isBlank())
                .orElse(claim.baseUrl().getHost());
        // the site, its first owner token, the claim used up and the audit entry: one unit of work
        AtomicReference<OwnerTokens.Created> token = new AtomicReference<>();
        Site site;
        try {
            site = sites.create(new SiteDraft(sites.freeName(claim.baseUrl()), claim.baseUrl().toString(),
                                              title, null, language(document),
                                              null, null, null, null, null), Site.Origin.SIGNUP, (h, made) -> {
                token.set(owners.create(h, made.name(), TOKEN_LABEL));
                if (claim.email() != null && mail.enabled()) {
                    mail.signedUp(h, made, claim.email(), token.get().secret()); // queued with the site: sent once it commits
                }
                h.createUpdate("DELETE FROM signup_claim WHERE id = :id").bind("id", id).execute();
                audit.record(h, AuditEntry.of("signup", "site.created", null, null, null, null, clientIp, null, null,
                                              claim.baseUrl() + " (signed up; owner token id " + token.get().token().id() + ")")
                        .withSite(made.name()));
            });
        } catch (SiteRefused e) {
            throw new SignupRefused(e.conflict() ? 409 : 400, e.getMessage());
        }
        return new Verified(site, token.get().secret(), mail.enabled() ? claim.email() : null);
    }

    /** The page's language, when it names a plain one ({@code <html lang="de">}). */
    private static String language(Document document) {
        Element html = document.selectFirst("html");
        String lang = html == null ? "" : html.attr("lang").strip();
        return Site.isLanguageTag(lang) ? lang : null;
    }


}
