package org.linkback.admin;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.backlink.Cause;
import org.linkback.config.Sites;
import org.linkback.http.Answers;
import org.linkback.http.ClientAddress;
import org.linkback.spam.Blocklist;
import org.linkback.url.Urls;

/**
 * {@code /admin/api/blocklist}: the blocked hosts; blocking and unblocking go through
 * {@link Moderation}. The admin works on the global list (or, with {@code ?site=NAME}, on a
 * site's); an owner token always on its own site's list, which refuses pings to that site only.
 */
final class BlocklistApi implements HttpService {

    private final Blocklist blocklist;
    private final Moderation moderation;
    private final SharedBlocklists lists;
    private final Sites sites;

    BlocklistApi(Blocklist blocklist, Moderation moderation, SharedBlocklists lists, Sites sites) {
        this.blocklist = blocklist;
        this.moderation = moderation;
        this.lists = lists;
        this.sites = sites;
    }

    /** Whose list a request means (an owner's: always their site's); empty after answering 404 for an unknown site. */
    private Optional<AdminApi.SiteScope> whoseList(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> scope = AdminApi.siteScope(req, res);
        if (scope.isPresent() && scope.get().name() != null && sites.byName(scope.get().name()).isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name");
            return Optional.empty();
        }
        return scope;
    }

    /** Whoever asks, acting on this list: its entries and marks reach that site only, or every site for the global list. */
    private static Cause moderator(ServerRequest req, AdminApi.SiteScope list) {
        return Cause.moderator(Access.of(req).actor(), ClientAddress.of(req), list.name());
    }

    private List<Blocklist.Entry> entries(AdminApi.SiteScope list) {
        return list.name() != null ? blocklist.entries(list.name()) : blocklist.entries();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/subscriptions", this::subscriptions)
                .post("/subscriptions", this::subscribe)
                .delete("/subscriptions/{id}", this::unsubscribe)
                .post("/subscriptions/{id}/refresh", this::refresh)
                .get("/", this::list)
                .post("/", this::block)
                .delete("/{pattern}", this::unblock)
                .get("/{pattern}/restorable", this::restorable);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> list = whoseList(req, res);
        if (list.isEmpty()) {
            return;
        }
        AdminApi.SiteScope site = list.get();
        Answers.json(res, Status.OK_200, Map.of("items", entries(site).stream()
                .map(e -> Map.of("pattern", e.pattern(), "createdAt", e.createdAt().toString()))
                .toList()));
    }

    /** {@code POST /}: 201 for a new pattern, 200 for a known one; marks its backlinks spam. */
    private void block(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> list = whoseList(req, res);
        if (list.isEmpty()) {
            return;
        }
        AdminApi.SiteScope site = list.get();
        Optional<String> pattern = AdminApi.body(req).map(b -> b.path("pattern").asText(null)).flatMap(Blocklist::normalise);
        if (pattern.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"pattern\": \"spam.example\"} or {\"pattern\": \"*.spam.example\"}");
            return;
        }
        boolean known = known(site, pattern.get());
        int marked = moderation.block(pattern.get(), moderator(req, site));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pattern", pattern.get());
        answer.put("markedSpam", marked);
        Answers.json(res, known ? Status.OK_200 : Status.CREATED_201, answer);
    }

    /** {@code DELETE /{pattern}}: 204; with {@code ?restore=true} also gives back what the block marked spam: 200 {restored}. */
    private void unblock(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> list = whoseList(req, res);
        if (list.isEmpty()) {
            return;
        }
        AdminApi.SiteScope site = list.get();
        String pattern = req.path().pathParameters().get("pattern"); // decoded once, by the router
        boolean restore = req.query().first("restore").map("true"::equals).orElse(false);
        Optional<Integer> restored = moderation.unblock(Blocklist.normalise(pattern).orElse(pattern), restore, moderator(req, site));
        if (restored.isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such blocklist entry");
        } else if (restore) {
            Answers.json(res, Status.OK_200, Map.of("pattern", pattern, "restored", restored.get()));
        } else {
            res.status(Status.NO_CONTENT_204).send();
        }
    }

    /** {@code GET /{pattern}/restorable}: how many backlinks unblocking with restore would give back. */
    private void restorable(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> list = whoseList(req, res);
        if (list.isEmpty()) {
            return;
        }
        AdminApi.SiteScope site = list.get();
        String pattern = req.path().pathParameters().get("pattern");
        String normal = Blocklist.normalise(pattern).orElse(pattern);
        if (!known(site, normal)) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such blocklist entry");
            return;
        }
        Answers.json(res, Status.OK_200, Map.of("pattern", normal, "restorable", moderation.restorable(normal, site.name())));
    }

    /** {@code GET /subscriptions}: the shared lists this scope follows. */
    private void subscriptions(ServerRequest req, ServerResponse res) {
        whoseList(req, res).ifPresent(scope -> Answers.json(res, Status.OK_200, Map.of(
                "items", lists.list(scope.name()).stream().map(BlocklistApi::json).toList())));
    }

    /** {@code POST /subscriptions {"url"}}: follows a list and reads it at once: 201 (200 when followed already). */
    private void subscribe(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> scope = whoseList(req, res);
        if (scope.isEmpty()) {
            return;
        }
        Optional<URI> url = AdminApi.body(req).map(b -> b.path("url").asText("")).flatMap(Urls::parseHttp);
        if (url.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"url\": \"https://lists.example/spam-hosts.txt\"}");
            return;
        }
        boolean known = lists.list(scope.get().name()).stream().anyMatch(s -> s.url().equals(url.get().toString()));
        SharedBlocklists.Subscription followed;
        try {
            followed = lists.subscribe(scope.get().name(), url.get(), Access.of(req).actor());
        } catch (SharedBlocklists.TooMany e) {
            Answers.jsonError(res, Status.CONFLICT_409, e.getMessage());
            return;
        }
        res.header(HeaderNames.LOCATION, "/admin/api/blocklist/subscriptions/" + followed.id());
        Answers.json(res, known ? Status.OK_200 : Status.CREATED_201, json(followed));
    }

    /** {@code DELETE /subscriptions/{id}}: 204; its hosts are unblocked and what it marked spam restored. */
    private void unsubscribe(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> scope = whoseList(req, res);
        Optional<Long> id = Answers.id(req.path().pathParameters().get("id"));
        if (scope.isEmpty()) {
            return;
        }
        if (id.isEmpty() || !lists.unsubscribe(id.get(), scope.get().name(), Access.of(req).actor())) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such list followed here");
            return;
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    /** {@code POST /subscriptions/{id}/refresh}: reads the list now; 200 with how it went. */
    private void refresh(ServerRequest req, ServerResponse res) {
        Optional<AdminApi.SiteScope> scope = whoseList(req, res);
        Optional<Long> id = Answers.id(req.path().pathParameters().get("id"));
        if (scope.isEmpty()) {
            return;
        }
        if (id.isEmpty() || lists.find(id.get(), scope.get().name()).isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such list followed here");
            return;
        }
        Answers.json(res, Status.OK_200, json(lists.refresh(id.get())));
    }

    private static Map<String, Object> json(SharedBlocklists.Subscription s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("url", s.url());
        json.put("site", s.site());
        json.put("hosts", s.hosts());
        json.put("createdAt", s.createdAt().toString());
        json.put("checkedAt", s.checkedAt() == null ? null : s.checkedAt().toString());
        json.put("updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString());
        json.put("lastError", s.lastError());
        return json;
    }

    private boolean known(AdminApi.SiteScope site, String pattern) {
        return entries(site).stream().anyMatch(e -> e.pattern().equals(pattern));
    }
}
