package org.linkback.admin;

import java.util.Map;
import java.util.Optional;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.http.Answers;
import org.linkback.webhook.Webhooks;

/** {@code /admin/api/webhooks}: what was delivered, and sending deliveries again; an owner token's about its own site only. */
final class WebhooksApi implements HttpService {

    private final Webhooks webhooks;

    WebhooksApi(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/deliveries", this::deliveries)
                .post("/replay", this::replay);
    }

    /** {@code GET /deliveries?limit=&cursor=}: webhook deliveries, newest first, with their attempts. */
    private void deliveries(ServerRequest req, ServerResponse res) {
        int limit = AdminApi.limit(req);
        AdminApi.sendPage(res, webhooks.deliveries(AdminApi.cursor(req).orElse(null), Access.of(req).site(), limit), limit, AdminJson::of, Webhooks.Delivery::id);
    }

    /** {@code POST /replay?since=ID}: sends the deliveries from ID on again (their ids unchanged). */
    private void replay(ServerRequest req, ServerResponse res) {
        Optional<Long> since = AdminApi.nonBlank(req, "since").flatMap(Answers::id);
        if (since.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "give since=ID (a delivery id)");
            return;
        }
        Answers.json(res, Status.OK_200, Map.of("replayed", webhooks.replay(since.get(), Access.of(req).site())));
    }
}
