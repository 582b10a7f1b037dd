package org.linkback.signup;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.http.Answers;
import org.linkback.http.ClientAddress;
import org.linkback.http.FormBody;
import org.linkback.http.LimitedInputStream;
import org.linkback.http.RateLimiter;
import org.linkback.http.Resources;
import org.linkback.site.SiteRefused;

/**
 * {@code /signup}: claiming a site, for programs (JSON) and for people (a form, no script). A
 * request sent as a form is answered with the page's next step; any other with JSON.
 * {@code POST /} starts a claim (201), {@code POST /{id}/verify} checks its page (200 with the
 * owner token, or 4xx with what was found), {@code GET /} and {@code GET /{id}} are the pages.
 */
public final class SignupService implements HttpService {

    private static final int MAX_BODY = 4096;
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                      + "frame-ancestors 'none'; base-uri 'none'";

    private final boolean enabled;
    private final Signup signup;
    private final URI publicUrl;
    private final RateLimiter claims;
    private final RateLimiter verifications;

    /** @param claimsPerHour claims one client IP may start in an hour */
    public SignupService(boolean enabled, Signup signup, URI publicUrl, int claimsPerHour, Clock clock) {
        this.enabled = enabled;
        this.signup = signup;
        this.publicUrl = publicUrl;
        this.claims = new RateLimiter(claimsPerHour, Duration.ofHours(1), clock);
        this.verifications = new RateLimiter(30, clock); // each one fetches a page
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::enabled)
                .get("/", (req, res) -> page(res, Status.OK_200, "start", null, null))
                .post("/", this::claim)
                .get("/{id}", this::showClaim)
                .post("/{id}/verify", this::verify);
    }

    private void enabled(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        if (enabled) {
            res.next();
        } else {
            Answers.plain(res, Status.NOT_FOUND_404, "sign-up is off on this server (linkback.signup.enabled)");
        }
    }

    private void claim(ServerRequest req, ServerResponse res) throws IOException {
        boolean person = FormBody.isForm(req);
        Duration wait = claims.acquire(ClientAddress.of(req));
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(wait.toSeconds()));
            refuse(res, person, Status.TOO_MANY_REQUESTS_429, "too many claims from this address; try again in "
                                                              + Math.max(1, wait.toMinutes()) + " minutes");
            return;
        }
        Map<String, String> fields = person ? form(req) : json(req).map(SignupService::fields).orElse(Map.of());
        String baseUrl = fields.get("baseUrl");
        if (baseUrl == null || baseUrl.isBlank()) {
            refuse(res, person, Status.BAD_REQUEST_400, "send {\"baseUrl\": \"https://blog.example/\"}");
            return;
        }
        Signup.Claim claim;
        try {
            claim = signup.claim(baseUrl, fields.get("email"), ClientAddress.of(req));
        } catch (SiteRefused e) {
            refuse(res, person, e.conflict() ? Status.CONFLICT_409 : Status.BAD_REQUEST_400, e.getMessage());
            return;
        } catch (SignupRefused e) {
            refuse(res, person, Status.create(e.status()), e.getMessage());
            return;
        }
        res.header(HeaderNames.LOCATION, "/signup/" + claim.id());
        if (person) {
            page(res, Status.CREATED_201, "claimed", claim, null);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", claim.id());
        body.put("token", claim.token());
        body.put("baseUrl", claim.baseUrl().toString());
        body.put("email", claim.email());
        body.put("expiresAt", claim.expiresAt().toString());
        body.put("instructions", "Put " + metaTag(claim) + " in the <head> of the page at " + claim.baseUrl()
                                 + ", then POST /signup/" + claim.id() + "/verify. The claim expires at " + claim.expiresAt() + ".");
        body.put("verify", "/signup/" + claim.id() + "/verify");
        Answers.json(res, Status.CREATED_201, body);
    }

    private void showClaim(ServerRequest req, ServerResponse res) {
        try {
            page(res, Status.OK_200, "claimed", signup.find(req.path().pathParameters().get("id")), null);
        } catch (SignupRefused e) {
            refuse(res, true, Status.create(e.status()), e.getMessage());
        }
    }

    private void verify(ServerRequest req, ServerResponse res) throws IOException {
        boolean person = FormBody.isForm(req);
        if (person) {
            form(req); // read (and drop) the form's body
        }
        Duration wait = verifications.acquire(ClientAddress.of(req));
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(wait.toSeconds()));
            refuse(res, person, Status.TOO_MANY_REQUESTS_429, "too many verifications from this address; try again in "
                                                              + wait.toSeconds() + " seconds");
            return;
        }
        String id = req.path().pathParameters().get("id");
        Signup.Verified verified;
        try {
            verified = signup.verify(id, ClientAddress.of(req));
        } catch (SignupRefused e) {
            if (person && e.status() == 422) {
                page(res, Status.create(e.status()), "claimed", signup.find(id), e);
            } else if (person) {
                refuse(res, true, Status.create(e.status()), e.getMessage());
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", e.getMessage());
                body.put("found", e.found());
                Answers.json(res, Status.create(e.status()), body);
            }
            return;
        }
        if (person) {
            Document done = page("done", null, null);
            done.getElementById("done-site").text(verified.site().name() + " (" + verified.site().baseUrl() + ")");
            done.getElementById("owner-token").text(verified.token());
            done.getElementById("discovery").text(discovery());
            done.getElementById("widget").text(widget());
            if (verified.emailedTo() == null) {
                done.getElementById("emailed").remove();
            } else {
                done.getElementById("emailed-to").text(verified.emailedTo());
            }
            send(res, Status.OK_200, done);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("site", verified.site().name());
        body.put("token", verified.token());
        body.put("emailedTo", verified.emailedTo());
        body.put("baseUrl", verified.site().baseUrl().toString());
        body.put("discovery", discovery());
        body.put("widget", widget());
        Answers.json(res, Status.OK_200, body);
    }

    /** A refusal: the first page again with the problem above it, or JSON. */
    private void refuse(ServerResponse res, boolean person, Status status, String message) {
        if (person) {
            page(res, status, "start", null, new SignupRefused(status.code(), message));
        } else {
            Answers.jsonError(res, status, message);
        }
    }

    private void page(ServerResponse res, Status status, String step, Signup.Claim claim, SignupRefused problem) {
        send(res, status, page(step, claim, problem));
    }

    /** The page showing one step: start, claimed (with its claim) or done; a problem above it when there is one. */
    private Document page(String step, Signup.Claim claim, SignupRefused problem) {
        Document page = Jsoup.parse(new String(Resources.bytes("signup/signup.html"), StandardCharsets.UTF_8));
        if (!signup.takesEmail()) {
            page.getElementById("email-field").remove();
        }
        for (String section : new String[] {"start", "claimed", "done"}) {
            if (!section.equals(step)) {
                page.getElementById(section).remove();
            }
        }
        if (problem != null) {
            page.getElementById("problem").text(problem.getMessage());
            Object found = problem.found().get("verificationTokens");
            if (found != null) {
                page.getElementById("found").text("Found on the page: " + problem.found());
            }
        }
        if (claim != null) {
            page.getElementById("claimed-url").attr("href", claim.baseUrl().toString()).text(claim.baseUrl().toString());
            page.getElementById("claimed-expires").attr("datetime", claim.expiresAt().toString()).text(claim.expiresAt().toString());
            page.getElementById("meta-tag").text(metaTag(claim));
            page.getElementById("verify-form").attr("action", "/signup/" + claim.id() + "/verify");
        }
        return page;
    }

    private static void send(ServerResponse res, Status status, Document page) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(page.outerHtml().getBytes(StandardCharsets.UTF_8));
    }

    private static String metaTag(Signup.Claim claim) {
        return new Element("meta").attr("name", Signup.META_NAME).attr("content", claim.token()).outerHtml();
    }

    /** The tags an article's head needs so that blogs find our endpoints. */
    private String discovery() {
        return new Element("link").attr("rel", "pingback").attr("href", publicUrl + "/xmlrpc").outerHtml() + "\n"
               + new Element("link").attr("rel", "webmention").attr("href", publicUrl + "/webmention").outerHtml();
    }

    /** The widget's line: it shows the backlinks of the page it is on. */
    private String widget() {
        return new Element("script").attr("src", publicUrl + "/widget.js").attr("async", true).outerHtml();
    }

    private static Map<String, String> form(ServerRequest req) throws IOException {
        try {
            return FormBody.read(req, MAX_BODY).fields(StandardCharsets.UTF_8);
        } catch (LimitedInputStream.TooLargeException e) {
            return Map.of();
        }
    }

    /** A JSON body's text fields. */
    private static Map<String, String> fields(JsonNode body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.properties().forEach(field -> {
            if (field.getValue().isTextual()) {
                fields.put(field.getKey(), field.getValue().asText());
            }
        });
        return fields;
    }

    private static Optional<JsonNode> json(ServerRequest req) {
        try (InputStream in = new LimitedInputStream(req.content().inputStream(), MAX_BODY)) {
            return Optional.ofNullable(Answers.JSON.readTree(in)).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
