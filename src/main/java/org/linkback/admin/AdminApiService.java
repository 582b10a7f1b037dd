package org.linkback.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.http.Answers;
import org.linkback.http.ClientAddress;
import org.linkback.http.LimitedInputStream;
import org.linkback.mf2.Interaction;
import org.linkback.send.OutboundLink;
import org.linkback.send.Outbox;
import org.linkback.spam.Blocklist;
import org.linkback.backlink.Backlink;
import org.linkback.transfer.TransferService;
import org.linkback.webhook.Webhooks;
import org.linkback.backlink.BacklinkJson;
import org.linkback.backlink.Backlinks;
import org.linkback.url.Urls;
import org.linkback.backlink.ModerationStatus;

/**
 * {@code /admin/api/...}: the moderation API. Every request needs the admin token (or a
 * signed-in browser session with its CSRF token); without one the answer is 401.
 *
 * <p>Registered under {@code /admin/api} (see {@link Admin}), so its routes are relative; in full:
 * "/admin/api/mentions", "/admin/api/mentions/status", "/admin/api/mentions/{id}/status",
 * "/admin/api/blocklist", "/admin/api/blocklist/{pattern}", "/admin/api/audit",
 * "/admin/api/send", "/admin/api/outbound".
 */
public final class AdminApiService implements HttpService {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final int MAX_BODY = 65_536;
    private static final int MAX_CSV_ROWS = 100_000;

    private final AdminAuth auth;
    private final Backlinks backlinks;
    private final Blocklist blocklist;
    private final AuditLog audit;
    private final Moderation moderation;
    private final Outbox outbox;
    private final BacklinkPages pages;
    private final Overview overview;
    private final Webhooks webhooks;
    private final TransferService transfer;

    AdminApiService(AdminAuth auth, Backlinks backlinks, BacklinkPages pages, Blocklist blocklist, AuditLog audit, Moderation moderation,
                    Outbox outbox, Overview overview, Webhooks webhooks, TransferService transfer) {
        this.auth = auth;
        this.transfer = transfer;
        this.overview = overview;
        this.webhooks = webhooks;
        this.pages = pages;
        this.backlinks = backlinks;
        this.blocklist = blocklist;
        this.audit = audit;
        this.moderation = moderation;
        this.outbox = outbox;
    }

    @Override
    public void routing(HttpRules rules) {
        // registered under /admin/api (see Admin)
        rules.any(this::authorize)
                .register("/transfer", transfer)
                .get("/overview", this::overview)
                .get("/webhooks/deliveries", this::deliveries)
                .post("/webhooks/replay", this::replay)
                .get("/mentions", this::listMentions)
                .post("/mentions/status", this::bulkStatus)
                .post("/mentions/{id}/status", this::setStatus)
                .delete("/mentions/{id}", this::delete)
                .get("/blocklist", this::listBlocklist)
                .post("/blocklist", this::block)
                .delete("/blocklist/{pattern}", this::unblock)
                .get("/blocklist/{pattern}/restorable", this::restorable)
                .get("/audit", this::listAudit)
                .post("/send", this::send)
                .get("/outbound", this::listOutbound);
    }

    private void authorize(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (!auth.enabled()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "the admin API is disabled: set linkback.admin.token");
        } else if (!auth.allows(req)) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"linkback\"");
            Answers.jsonError(res, Status.UNAUTHORIZED_401, "send Authorization: Bearer <admin token>");
        } else {
            res.next();
        }
    }

    private void listMentions(ServerRequest req, ServerResponse res) throws IOException {
        Optional<BacklinkFilter> filter = filter(req);
        if (filter.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "unknown status or type; status is pending, approved, spam, rejected or "
                                                           + "deleted, type is reply, like, repost, bookmark, rsvp or mention");
            return;
        }
        if (req.query().first("format").orElse("").equals("csv")) {
            sendCsv(res, filter.get());
            return;
        }
        Optional<Long> cursor = cursor(req);
        int limit = limit(req);
        List<Backlink> page = pages.list(filter.get(), cursor.orElse(null), limit);
        sendPage(res, page.stream().map(BacklinkJson::of).toList(), page.size() == limit ? page.getLast().id() : null);
    }

    private Optional<BacklinkFilter> filter(ServerRequest req) {
        Optional<String> status = nonBlank(req, "status");
        Optional<org.linkback.backlink.ModerationStatus> parsed = status.flatMap(AdminApiService::status);
        if (status.isPresent() && parsed.isEmpty()) {
            return Optional.empty();
        }
        String target = nonBlank(req, "target").map(t -> Urls.parseCanonical(t).map(Object::toString).orElse(t)).orElse(null);
        Optional<String> type = nonBlank(req, "type");
        Interaction.Type parsedType = null;
        if (type.isPresent()) {
            try {
                parsedType = Interaction.Type.fromId(type.get());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new BacklinkFilter(parsed.orElse(null), nonBlank(req, "site").orElse(null), target,
                                             nonBlank(req, "source-host").map(String::toLowerCase).orElse(null), parsedType));
    }

    /** Streams the rows page by page (at most {@value #MAX_CSV_ROWS}): a big export never sits in memory whole. */
    private void sendCsv(ServerResponse res, BacklinkFilter filter) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (String column : BacklinkJson.COLUMNS) {
            schema.addColumn(column);
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"backlinks.csv\"");
        List<Backlink> page = pages.list(filter, null, MAX_LIMIT);
        if (page.isEmpty()) {
            res.send(new CsvMapper().writer(schema.build()).writeValueAsBytes(List.of()));
            return;
        }
        try (OutputStream out = res.outputStream();
             SequenceWriter rows = new CsvMapper().writer(schema.build()).writeValues(out)) {
            int written = 0;
            while (true) {
                for (Backlink m : page) {
                    rows.write(BacklinkJson.csvRow(m));
                }
                written += page.size();
                if (page.size() < MAX_LIMIT || written >= MAX_CSV_ROWS) {
                    break;
                }
                page = pages.list(filter, page.getLast().id(), MAX_LIMIT);
            }
        }
    }

    private void setStatus(ServerRequest req, ServerResponse res) throws IOException {
        Optional<Long> id = Answers.id(req.path().pathParameters().get("id"));
        Optional<org.linkback.backlink.ModerationStatus> status = body(req).map(b -> b.path("status").asText()).flatMap(AdminApiService::status);
        if (status.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"status\": \"pending|approved|spam|rejected|deleted\"}");
            return;
        }
        if (id.isEmpty() || moderation.setStatus(List.of(id.get()), status.get(), ClientAddress.of(req)) == 0) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such backlink");
            return;
        }
        Answers.json(res, Status.OK_200, BacklinkJson.of(backlinks.findById(id.get()).orElseThrow()));
    }

    private void bulkStatus(ServerRequest req, ServerResponse res) throws IOException {
        Optional<JsonNode> body = body(req);
        Optional<org.linkback.backlink.ModerationStatus> status = body.map(b -> b.path("status").asText()).flatMap(AdminApiService::status);
        if (status.isEmpty() || !body.get().path("ids").isArray()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"ids\": [1, 2], \"status\": \"approved\"}");
            return;
        }
        List<Long> ids = new ArrayList<>();
        body.get().path("ids").forEach(node -> ids.add(node.asLong()));
        Answers.json(res, Status.OK_200, Map.of("updated", moderation.setStatus(ids, status.get(), ClientAddress.of(req))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Optional<Long> id = Answers.id(req.path().pathParameters().get("id"));
        if (id.isEmpty() || moderation.delete(id.get(), ClientAddress.of(req)).isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such backlink");
            return;
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void listBlocklist(ServerRequest req, ServerResponse res) throws IOException {
        Answers.json(res, Status.OK_200, Map.of("items", blocklist.entries().stream()
                .map(e -> Map.of("pattern", e.pattern(), "createdAt", e.createdAt().toString()))
                .toList()));
    }

    private void block(ServerRequest req, ServerResponse res) throws IOException {
        Optional<String> pattern = body(req).map(b -> b.path("pattern").asText(null)).flatMap(Blocklist::normalise);
        if (pattern.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"pattern\": \"spam.example\"} or {\"pattern\": \"*.spam.example\"}");
            return;
        }
        boolean known = blocklist.entries().stream().anyMatch(e -> e.pattern().equals(pattern.get()));
        int marked = moderation.block(pattern.get(), ClientAddress.of(req));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pattern", pattern.get());
        answer.put("markedSpam", marked);
        Answers.json(res, known ? Status.OK_200 : Status.CREATED_201, answer);
    }

    /** {@code DELETE /blocklist/{pattern}}: 204; with {@code ?restore=true} also gives back what the block marked spam: 200 {restored}. */
    private void unblock(ServerRequest req, ServerResponse res) {
        String pattern = req.path().pathParameters().get("pattern"); // decoded once, by the router
        boolean restore = req.query().first("restore").map("true"::equals).orElse(false);
        Optional<Integer> restored = moderation.unblock(Blocklist.normalise(pattern).orElse(pattern), restore, ClientAddress.of(req));
        if (restored.isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such blocklist entry");
        } else if (restore) {
            Answers.json(res, Status.OK_200, Map.of("pattern", pattern, "restored", restored.get()));
        } else {
            res.status(Status.NO_CONTENT_204).send();
        }
    }

    /** {@code GET /webhooks/deliveries?limit=&cursor=}: webhook deliveries, newest first, with their attempts. */
    private void deliveries(ServerRequest req, ServerResponse res) throws IOException {
        int limit = limit(req);
        List<Webhooks.Delivery> page = webhooks.deliveries(cursor(req).orElse(null), limit);
        List<Map<String, Object>> items = page.stream().map(d -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", d.id());
            item.put("webhook", d.webhook());
            item.put("messageId", d.messageId());
            item.put("event", d.event());
            item.put("createdAt", d.createdAt().toString());
            item.put("deliveredAt", d.deliveredAt() == null ? null : d.deliveredAt().toString());
            item.put("attempts", d.attempts());
            item.put("lastStatus", d.lastStatus());
            item.put("lastError", d.lastError());
            return item;
        }).toList();
        sendPage(res, items, page.size() == limit ? page.getLast().id() : null);
    }

    /** {@code POST /webhooks/replay?since=ID}: sends the deliveries from ID on again (their ids unchanged). */
    private void replay(ServerRequest req, ServerResponse res) {
        Optional<Long> since = nonBlank(req, "since").flatMap(Answers::id);
        if (since.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "give since=ID (a delivery id)");
            return;
        }
        Answers.json(res, Status.OK_200, Map.of("replayed", webhooks.replay(since.get())));
    }

    /** {@code GET /overview?site=&days=}: the last days at a glance (default 30, at most 366). */
    private void overview(ServerRequest req, ServerResponse res) {
        int days = nonBlank(req, "days").flatMap(Answers::id).map(Long::intValue).orElse(30);
        if (days < 1 || days > 366) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "days is 1 to 366");
            return;
        }
        Optional<Overview.Numbers> numbers = overview.of(nonBlank(req, "site").orElse(null), days);
        if (numbers.isEmpty()) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name");
            return;
        }
        Answers.json(res, Status.OK_200, Overview.json(numbers.get()));
    }

    /** {@code GET /blocklist/{pattern}/restorable}: how many backlinks unblocking with restore would give back. */
    private void restorable(ServerRequest req, ServerResponse res) {
        String pattern = req.path().pathParameters().get("pattern");
        String normal = Blocklist.normalise(pattern).orElse(pattern);
        if (blocklist.entries().stream().noneMatch(e -> e.pattern().equals(normal))) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no such blocklist entry");
            return;
        }
        Answers.json(res, Status.OK_200, Map.of("pattern", normal, "restorable", moderation.restorable(normal)));
    }

    private void listAudit(ServerRequest req, ServerResponse res) throws IOException {
        int limit = limit(req);
        List<AuditEntry> page = audit.list(cursor(req).orElse(null), nonBlank(req, "action").orElse(null),
                                           nonBlank(req, "mention").flatMap(Answers::id).orElse(null), limit);
        sendPage(res, page.stream().map(AdminJson::of).toList(), page.size() == limit ? page.getLast().id() : null);
    }

    /** Sends the notifications of one of our articles now, and answers what happened to each link. */
    private void send(ServerRequest req, ServerResponse res) {
        Optional<String> source = body(req).map(b -> b.path("source").asText("")).filter(text -> !text.isBlank());
        if (source.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "send {\"source\": \"https://your.blog/article\"}");
            return;
        }
        try {
            outboundAnswer(res, source.get(), outbox.send(source.get()));
        } catch (Outbox.NotSendable e) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, e.getMessage());
        }
    }

    private void listOutbound(ServerRequest req, ServerResponse res) {
        Optional<String> source = nonBlank(req, "source");
        if (source.isEmpty()) {
            Answers.jsonError(res, Status.BAD_REQUEST_400, "give source=URL (one of our articles)");
            return;
        }
        outboundAnswer(res, source.get(), outbox.links(source.get()));
    }

    private static void outboundAnswer(ServerResponse res, String source, List<OutboundLink> links) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source);
        body.put("items", links.stream().map(AdminJson::of).toList());
        Answers.json(res, Status.OK_200, body);
    }

    private static void sendPage(ServerResponse res, List<Map<String, Object>> items, Long nextCursor) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextCursor", nextCursor == null ? null : String.valueOf(nextCursor));
        Answers.json(res, Status.OK_200, body);
    }

    private static Optional<JsonNode> body(ServerRequest req) {
        try (InputStream in = new LimitedInputStream(req.content().inputStream(), MAX_BODY)) {
            JsonNode node = Answers.JSON.readTree(in);
            return Optional.ofNullable(node).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<org.linkback.backlink.ModerationStatus> status(String text) {
        try {
            return Optional.of(org.linkback.backlink.ModerationStatus.fromId(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static int limit(ServerRequest req) {
        return nonBlank(req, "limit").flatMap(Answers::id).map(Long::intValue)
                .map(n -> Math.max(1, Math.min(MAX_LIMIT, n))).orElse(DEFAULT_LIMIT);
    }

    private static Optional<Long> cursor(ServerRequest req) {
        return nonBlank(req, "cursor").flatMap(Answers::id);
    }

    private static Optional<String> nonBlank(ServerRequest req, String name) {
        return req.query().first(name).asOptional().map(String::strip).filter(s -> !s.isEmpty());
    }
}
