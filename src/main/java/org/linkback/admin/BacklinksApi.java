package org.linkback.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkJson;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.ModerationStatus;
import org.linkback.http.Answers;
import org.linkback.mf2.Interaction;
import org.linkback.url.Urls;

/**
 * {@code /admin/api/mentions}: the backlinks (as JSON pages or CSV), and their moderation: a
 * status for one or many, deleting one. Changes go through {@link Moderation}.
 */
final class BacklinksApi implements HttpService {

    private final Backlinks store;
    private final BacklinkPages pages;
    private final BacklinkCsv csv;
    private final Moderation moderation;

    BacklinksApi(Backlinks store, BacklinkPages pages, Moderation moderation) {
        this.store = store;
        this.pages = pages;
        this.csv = new BacklinkCsv(pages);
        this.moderation = moderation;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/status", this::bulkStatus)
                .post("/{id}/status", this::setStatus)
                .delete("/{id}", this::delete);
    }

    /** {@code GET /?status=&site=&target=&source-host=&type=&limit=&cursor=} (or {@code &format=csv}). */
    private void list(ServerRequest req, ServerResponse res) throws IOException {
        Optional<AdminApi.SiteScope> site = AdminApi.siteScope(req, res);
        if (site.isEmpty()) {
            return;
        }
        Optional<BacklinkFilter> filter = filter(req, site.get());
        if (filter.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "unknown status or type; status is pending, approved, spam, rejected or "
                                                           + "deleted, type is reply, like, repost, bookmark, rsvp or mention");
            return;
        }
        if (req.query().first("format").orElse("").equals("csv")) {
            csv.send(res, filter.get());
            return;
        }
        int limit = AdminApi.limit(req);
        List<Backlink> page = pages.list(filter.get(), AdminApi.cursor(req).orElse(null), limit);
        AdminApi.sendPage(res, page, limit, BacklinkJson::of, Backlink::id);
    }

    /** The query's filter, to the site in scope; empty when a status or type is not one we know. */
    private static Optional<BacklinkFilter> filter(ServerRequest req, AdminApi.SiteScope site) {
        Optional<String> status = AdminApi.nonBlank(req, "status");
        Optional<ModerationStatus> parsed = status.flatMap(BacklinksApi::status);
        if (status.isPresent() && parsed.isEmpty()) {
            return Optional.empty();
        }
        String target = AdminApi.nonBlank(req, "target").map(t -> Urls.parseCanonical(t).map(Object::toString).orElse(t)).orElse(null);
        Optional<String> type = AdminApi.nonBlank(req, "type");
        Interaction.Type parsedType = null;
        if (type.isPresent()) {
            try {
                parsedType = Interaction.Type.fromId(type.get());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new BacklinkFilter(parsed.orElse(null), site.name(), target,
                                              AdminApi.nonBlank(req, "source-host").map(String::toLowerCase).orElse(null), parsedType));
    }

    private void setStatus(ServerRequest req, ServerResponse res) {
        Optional<Long> id = Answers.id(req.path().pathParameters().get("id"));
        Optional<ModerationStatus> status = AdminApi.body(req).map(b -> b.path("status").asText()).flatMap(BacklinksApi::status);
        if (status.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"status\": \"pending|approved|spam|rejected|deleted\"}");
            return;
        }
        if (id.isEmpty() || moderation.setStatus(List.of(id.get()), status.get(), Access.of(req).cause(req)) == 0) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such backlink");
            return;
        }
        Answers.json(res, Status.OK_200, BacklinkJson.of(store.findById(id.get()).orElseThrow()));
    }

    private void bulkStatus(ServerRequest req, ServerResponse res) {
        Optional<JsonNode> body = AdminApi.body(req);
        Optional<ModerationStatus> status = body.map(b -> b.path("status").asText()).flatMap(BacklinksApi::status);
        if (status.isEmpty() || !body.get().path("ids").isArray()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"ids\": [1, 2], \"status\": \"approved\"}");
            return;
        }
        List<Long> ids = new ArrayList<>();
        body.get().path("ids").forEach(node -> ids.add(node.asLong()));
        Answers.json(res, Status.OK_200, Map.of("updated", moderation.setStatus(ids, status.get(), Access.of(req).cause(req))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Optional<Long> id = Answers.id(req.path().pathParameters().get("id"));
        if (id.isEmpty() || moderation.delete(id.get(), Access.of(req).cause(req)).isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such backlink");
            return;
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private static Optional<ModerationStatus> status(String text) {
        try {
            return Optional.of(ModerationStatus.fromId(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
