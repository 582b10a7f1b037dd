package org.linkback.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;

import org.linkback.http.ClientAddress;
import org.linkback.http.FormBody;
import org.linkback.http.LimitedInputStream;
import org.linkback.http.RateLimiter;
import org.linkback.http.Resources;
import org.linkback.i18n.Messages;
import org.linkback.i18n.Translations;

/**
 * {@code /admin/}: the moderation page for people. Sign in with the admin token (kept as a
 * signed, HttpOnly, SameSite=Strict cookie); the page itself is a small script on the JSON API.
 */
final class AdminPageService implements HttpService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                      + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final AdminAuth auth;
    private final Moderation moderation;
    private final RateLimiter signInAttempts;
    private final Translations translations;

    /** @param signInAttempts per client IP: shared with the API's wrong tokens (10 a minute) */
    AdminPageService(AdminAuth auth, Moderation moderation, RateLimiter signInAttempts, Translations translations) {
        this.signInAttempts = signInAttempts;
        this.translations = translations;
        this.auth = auth;
        this.moderation = moderation;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::enabled)
                .get("/", this::page)
                .post("/login", this::signIn)
                .post("/logout", this::signOut)
                .get("/app.js", (req, res) -> send(res, "application/javascript; charset=utf-8", Resources.bytes("admin/app.js")));
    }

    private void enabled(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (auth.enabled()) {
            res.next();
        } else {
            res.status(Status.NOT_FOUND_404).send("The admin page is disabled: set linkback.admin.token.\n");
        }
    }

    private void page(ServerRequest req, ServerResponse res) {
        var session = auth.session(req);
        if (session.isEmpty()) {
            send(res, "text/html; charset=utf-8", loginPage(null, req));
            return;
        }
        Messages words = language(req);
        Document app = localized("admin/app.html", words);
        app.getElementById("sign-out").attr("action", "/admin/logout" + askedLanguage(req));
        // the script's own sentences, as patterns it fills in (JSON in a data block: never run, "<" escaped)
        app.getElementById("messages").empty().appendChild(new DataNode(json(words.patterns("admin."), words.patterns("widget.kind."))));
        app.selectFirst("meta[name=csrf-token]").attr("content", auth.csrfToken(session.get().value()));
        // an owner's page shows their site only: the page reads it here and offers no other
        app.selectFirst("meta[name=owner-site]").attr("content", session.get().access().admin() ? "" : session.get().access().site());
        send(res, "text/html; charset=utf-8", app.outerHtml().getBytes(StandardCharsets.UTF_8));
    }

    private void signIn(ServerRequest req, ServerResponse res) throws IOException {
        String ip = ClientAddress.of(req);
        if (!signInAttempts.acquire(ip).isZero()) {
            res.status(Status.TOO_MANY_REQUESTS_429);
            send(res, "text/html; charset=utf-8", loginPage("admin.login.tooMany", req));
            return;
        }
        Map<String, String> form;
        try {
            form = FormBody.read(req, 4096).fields(StandardCharsets.UTF_8);
        } catch (LimitedInputStream.TooLargeException e) {
            form = Map.of();
        }
        Optional<Access> who = auth.holder(form.get("token"));
        moderation.signIn(who, ip);
        if (who.isEmpty()) {
            res.status(Status.UNAUTHORIZED_401);
            send(res, "text/html; charset=utf-8", loginPage("admin.login.wrong", req));
            return;
        }
        res.headers().addCookie(auth.newSession(who.get()));
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, "/admin/" + askedLanguage(req)).send();
    }

    private void signOut(ServerRequest req, ServerResponse res) {
        res.headers().addCookie(auth.endSession());
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, "/admin/" + askedLanguage(req)).send();
    }

    /** @param error the key of the message to show, or null */
    private byte[] loginPage(String error, ServerRequest req) {
        Document page = localized("admin/login.html", language(req));
        // a language asked for on the sign-in page stays after it
        page.selectFirst("form").attr("action", "/admin/login" + askedLanguage(req));
        if (error != null) {
            page.selectFirst("#error").text(language(req).text(error));
        }
        return page.outerHtml().getBytes(StandardCharsets.UTF_8);
    }

    /** The person's language: {@code ?lang=}, else their browser's, else English. */
    private Messages language(ServerRequest req) {
        return translations.choose(Collections.singletonList(req.query().first("lang").orElse(null)),
                                   req.headers().first(HeaderNames.ACCEPT_LANGUAGE).orElse(null));
    }

    /** {@code ?lang=TAG} when the request asked for a language we speak, else nothing. */
    private String askedLanguage(ServerRequest req) {
        return req.query().first("lang").flatMap(translations::speaking).map(words -> "?lang=" + words.tag()).orElse("");
    }

    /** A page of ours in this language: {@code <html lang dir>}, every {@code data-i18n} text and {@code data-i18n-label} label. */
    private static Document localized(String resource, Messages words) {
        Document page = Jsoup.parse(new String(Resources.bytes(resource), StandardCharsets.UTF_8));
        page.selectFirst("html").attr("lang", words.tag()).attr("dir", words.dir());
        page.select("[data-i18n]").forEach(e -> e.text(words.text(e.attr("data-i18n"))));
        page.select("[data-i18n-label]").forEach(e -> e.attr("aria-label", words.text(e.attr("data-i18n-label"))));
        return page;
    }

    @SafeVarargs
    private static String json(Map<String, String>... parts) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        for (Map<String, String> part : parts) {
            all.putAll(part);
        }
        try {
            return JSON.writeValueAsString(all).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(ServerResponse res, String contentType, byte[] body) {
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body);
    }
}
