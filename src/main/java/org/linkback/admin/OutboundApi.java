package org.linkback.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

import org.linkback.config.Sites;
import org.linkback.http.Answers;
import org.linkback.send.OutboundLink;
import org.linkback.send.Outbox;
import org.linkback.url.Urls;

/**
 * Our outgoing notifications, under {@code /admin/api}: {@code POST /send} queues them for one of
 * our articles and answers {@code 202} at once, {@code GET /outbound?source=} shows how each goes.
 */
final class OutboundApi implements HttpService {

    private final Outbox outbox;
    private final Sites sites;

    OutboundApi(Outbox outbox, Sites sites) {
        this.outbox = outbox;
        this.sites = sites;
    }

    /** An owner's request about another site's article: answered 404, as if that site were not served here. */
    private boolean elsewhere(ServerRequest req, ServerResponse res, String source) {
        Access who = Access.of(req);
        if (who.admin() || Urls.parseCanonical(source).flatMap(sites::siteOf).map(site -> who.covers(site.name())).orElse(false)) {
            return false;
        }
        Answers.jsonError(res, Status.NOT_FOUND_404, "the source is not an article of your site");
        return true;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/send", this::send)
                .get("/outbound", this::list);
    }

    /** Queues the notifications of one of our articles; {@code Location} is where to watch them go. */
    private void send(ServerRequest req, ServerResponse res) {
        Optional<String> source = AdminApi.body(req).map(b -> b.path("source").asText("")).filter(text -> !text.isBlank());
        if (source.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"source\": \"https://your.blog/article\"}");
            return;
        }
        if (elsewhere(req, res, source.get())) {
            return;
        }
        try {
            List<OutboundLink> queued = outbox.queue(source.get());
            res.header(HeaderNames.LOCATION, "/admin/api/outbound?source=" + URLEncoder.encode(source.get(), StandardCharsets.UTF_8));
            answer(res, Status.ACCEPTED_202, source.get(), queued);
        } catch (Outbox.NotSendable e) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, e.getMessage());
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<String> source = AdminApi.nonBlank(req, "source");
        if (source.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "give source=URL (one of our articles)");
            return;
        }
        if (elsewhere(req, res, source.get())) {
            return;
        }
        answer(res, Status.OK_200, source.get(), outbox.links(source.get()));
    }

    private static void answer(ServerResponse res, Status status, String source, List<OutboundLink> links) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source);
        body.put("items", links.stream().map(AdminJson::of).toList());
        body.put("settled", links.stream().allMatch(link -> link.outcome().settled()));
        Answers.json(res, status, body);
    }
}
