package org.linkback.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.Cause;
import org.linkback.backlink.ModerationStatus;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.http.ClientAddress;
import org.linkback.http.FormBody;
import org.linkback.http.LimitedInputStream;
import org.linkback.i18n.Messages;
import org.linkback.store.Database;
import org.linkback.text.Text;

/**
 * {@code /mail}: where an email's links lead. {@code GET /act?t=} and {@code GET /unsubscribe?t=}
 * only ask (a mail scanner that follows every link changes nothing); the page's button POSTs,
 * and that acts: a moderation through the one write path, audited with the recipient as the
 * actor, the link used up in the same unit of work; or an unsubscription. {@code POST
 * /unsubscribe?t=} is also the one-click unsubscribe of RFC 8058 that mail programs send.
 */
final class MailPages implements HttpService {

    private static final int MAX_FORM = 8192;
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
                                      + "base-uri 'none'";

    private final Database database;
    private final Backlinks backlinks;
    private final MailChoices choices;
    private final MailLinks links;
    private final Letters letters;
    private final Sites sites;

    MailPages(Database database, Backlinks backlinks, MailChoices choices, MailLinks links, Letters letters, Sites sites) {
        this.database = database;
        this.backlinks = backlinks;
        this.choices = choices;
        this.links = links;
        this.letters = letters;
        this.sites = sites;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> {
                    res.header(HeaderNames.CACHE_CONTROL, "no-store");
                    res.header(HeaderNames.create("Content-Security-Policy"), CSP);
                    res.header(HeaderNames.create("Referrer-Policy"), "no-referrer"); // the token is in the URL
                    res.header(HeaderNames.create("X-Robots-Tag"), "noindex");
                    res.next();
                })
                .get("/act", this::askAction)
                .post("/act", this::act)
                .get("/unsubscribe", this::askUnsubscribe)
                .post("/unsubscribe", this::unsubscribe);
    }

    /** Why a link does nothing, with its page's status. */
    private record Refusal(Status status, String key) {
    }

    /** Rolls an action's unit of work back. */
    private static final class NotDone extends RuntimeException {
        private final transient Refusal refusal;

        NotDone(Refusal refusal) {
            super(refusal.key(), null, false, false);
            this.refusal = refusal;
        }
    }

    private void askAction(ServerRequest req, ServerResponse res) {
        String token = req.query().first("t").orElse("");
        Optional<MailLinks.ActionLink> link = links.readAction(token);
        Messages m = words(link.map(MailLinks.ActionLink::site).orElse(null));
        Optional<Refusal> refusal = link.isEmpty() ? Optional.of(new Refusal(Status.BAD_REQUEST_400, "mail.page.invalid"))
                : refusal(link.get());
        Optional<Backlink> backlink = link.flatMap(l -> backlinks.findById(l.backlinkId()).filter(b -> b.site().equals(l.site())));
        if (refusal.isEmpty() && backlink.isEmpty()) {
            refusal = Optional.of(new Refusal(Status.NOT_FOUND_404, "mail.page.gone"));
        }
        if (refusal.isPresent()) {
            send(res, refusal.get().status(), page(m, m.text(refusal.get().key())));
            return;
        }
        MailLinks.Action action = link.get().action();
        Document page = page(m, m.text(action == MailLinks.Action.APPROVE ? "mail.page.approve" : "mail.page.spam"));
        Element main = page.selectFirst("main");
        Backlink b = backlink.get();
        main.appendElement("p").appendElement("a").attr("href", b.source()).attr("dir", "auto").text(b.titleOrSource());
        main.appendElement("p").text(m.text("mail.field.from") + ": " + b.sourceHost() + " · " + m.text("mail.field.to") + ": " + b.target());
        if (b.excerpt() != null && !b.excerpt().isBlank()) {
            main.appendElement("blockquote").attr("dir", "auto").text(b.excerpt().strip());
        }
        Element form = main.appendElement("form").attr("method", "post").attr("action", "/mail/act");
        form.appendElement("input").attr("type", "hidden").attr("name", "t").attr("value", token);
        form.appendElement("button").attr("type", "submit").attr("id", "confirm")
                .text(m.text(action == MailLinks.Action.APPROVE ? "mail.action.approve" : "mail.action.spam"));
        send(res, Status.OK_200, page);
    }

    private Optional<Refusal> refusal(MailLinks.ActionLink link) {
        if (links.expired(link)) {
            return Optional.of(new Refusal(Status.GONE_410, "mail.page.expired"));
        }
        if (links.used(link)) {
            return Optional.of(new Refusal(Status.CONFLICT_409, "mail.page.used"));
        }
        return Optional.empty();
    }

    private void act(ServerRequest req, ServerResponse res) throws IOException {
        Optional<MailLinks.ActionLink> link = links.readAction(form(req).getOrDefault("t", req.query().first("t").orElse("")));
        Messages m = words(link.map(MailLinks.ActionLink::site).orElse(null));
        if (link.isEmpty()) {
            send(res, Status.BAD_REQUEST_400, page(m, m.text("mail.page.invalid")));
            return;
        }
        MailLinks.ActionLink l = link.get();
        if (links.expired(l)) {
            send(res, Status.GONE_410, page(m, m.text("mail.page.expired")));
            return;
        }
        ModerationStatus status = l.action() == MailLinks.Action.APPROVE ? ModerationStatus.APPROVED : ModerationStatus.SPAM;
        Cause recipient = Cause.moderator(Text.cap(l.actor(), 100), ClientAddress.of(req), l.site());
        Refusal outcome;
        try {
            outcome = database.inTransaction(h -> {
                if (!links.use(h, l)) {
                    throw new NotDone(new Refusal(Status.CONFLICT_409, "mail.page.used"));
                }
                if (backlinks.moderatorSets(h, l.backlinkId(), status, recipient, "from an email link").isEmpty()) {
                    throw new NotDone(new Refusal(Status.NOT_FOUND_404, "mail.page.gone")); // rolled back: the link stays unused
                }
                return new Refusal(Status.OK_200, status == ModerationStatus.APPROVED ? "mail.page.approved" : "mail.page.spammed");
            });
        } catch (NotDone e) {
            outcome = e.refusal;
        }
        send(res, outcome.status(), page(m, m.text(outcome.key())));
    }

    private void askUnsubscribe(ServerRequest req, ServerResponse res) {
        String token = req.query().first("t").orElse("");
        Optional<MailLinks.Unsubscribe> link = links.readUnsubscribe(token);
        Messages m = words(link.map(MailLinks.Unsubscribe::site).orElse(null));
        if (link.isEmpty()) {
            send(res, Status.BAD_REQUEST_400, page(m, m.text("mail.page.invalid")));
            return;
        }
        Document page = page(m, m.text("mail.page.unsubscribe", "address", link.get().address(), "site", scope(link.get())));
        Element form = page.selectFirst("main").appendElement("form").attr("method", "post").attr("action", "/mail/unsubscribe?t=" + token);
        form.appendElement("input").attr("type", "hidden").attr("name", "List-Unsubscribe").attr("value", "One-Click");
        form.appendElement("button").attr("type", "submit").attr("id", "confirm").text(m.text("mail.unsubscribe"));
        send(res, Status.OK_200, page);
    }

    private void unsubscribe(ServerRequest req, ServerResponse res) throws IOException {
        form(req); // List-Unsubscribe=One-Click, or our page's form: the token in the URL decides
        Optional<MailLinks.Unsubscribe> link = links.readUnsubscribe(req.query().first("t").orElse(""));
        Messages m = words(link.map(MailLinks.Unsubscribe::site).orElse(null));
        if (link.isEmpty()) {
            send(res, Status.BAD_REQUEST_400, page(m, m.text("mail.page.invalid")));
            return;
        }
        MailLinks.Unsubscribe u = link.get();
        database.useTransaction(h -> {
            for (Site site : u.site() == null ? sites.all() : sites.byName(u.site()).stream().toList()) {
                // an owner's old link does nothing to the address that replaced theirs
                if (u.person() == MailChoices.Person.ADMIN || u.address().equals(choices.of(h, site.name()).ownerAddress())) {
                    choices.setEvents(h, site.name(), u.person(), Set.of());
                }
            }
        });
        send(res, Status.OK_200, page(m, m.text("mail.page.unsubscribed", "address", u.address(), "site", scope(u))));
    }

    private String scope(MailLinks.Unsubscribe u) {
        return u.site() == null ? "linkback" : sites.byName(u.site()).map(s -> Letters.oneLine(s.title())).orElse(u.site());
    }

    private Messages words(String site) {
        return site == null ? letters.english() : sites.byName(site).map(letters::words).orElse(letters.english());
    }

    private static Document page(Messages m, String heading) {
        Document page = Document.createShell("");
        page.outputSettings().prettyPrint(false);
        page.selectFirst("html").attr("lang", m.tag()).attr("dir", m.dir());
        page.head().appendElement("meta").attr("charset", "utf-8");
        page.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        page.head().appendElement("meta").attr("name", "color-scheme").attr("content", "light dark");
        page.head().appendElement("style").text("body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
                                                 + "line-height:1.5}button{font:inherit;padding:.5rem 1.25rem}"
                                                 + "blockquote{border-inline-start:3px solid #a8a29e;margin:1rem 0;padding-inline-start:.75rem}");
        page.title(heading);
        page.body().appendElement("main").appendElement("h1").text(heading);
        return page;
    }

    private static void send(ServerResponse res, Status status, Document page) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(("<!DOCTYPE html>" + page.outerHtml()).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(ServerRequest req) throws IOException {
        if (!FormBody.isForm(req)) {
            return Map.of();
        }
        try {
            return FormBody.read(req, MAX_FORM).fields(StandardCharsets.UTF_8);
        } catch (LimitedInputStream.TooLargeException e) {
            return Map.of();
        }
    }
}
