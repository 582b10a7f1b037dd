package org.linkback.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.http.Answers;
import org.linkback.send.OutboundLink;
import org.linkback.send.Outbox;

/**
 * Our outgoing notifications, under {@code /admin/api}: {@code POST /send} sends for one of our
 * articles now, {@code GET /outbound?source=} shows what was sent for it.
 */
final class OutboundApi implements HttpService {

    private final Outbox outbox;

    OutboundApi(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/send", this::send)
                .get("/outbound", this::list);
    }

    /** Sends the notifications of one of our articles now, and answers what happened to each link. */
    private void send(ServerRequest req, ServerResponse res) {
        Optional<String> source = AdminApi.body(req).map(b -> b.path("source").asText("")).filter(text -> !text.isBlank());
        if (source.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"source\": \"https://your.blog/article\"}");
            return;
        }
        try {
            answer(res, source.get(), outbox.send(source.get()));
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
        answer(res, source.get(), outbox.links(source.get()));
    }

    private static void answer(ServerResponse res, String source, List<OutboundLink> links) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source);
        body.put("items", links.stream().map(AdminJson::of).toList());
        Answers.json(res, Status.OK_200, body);
    }
}
