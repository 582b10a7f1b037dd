package org.linkback.webmention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.http.ClientAddress;
import org.linkback.http.FormBody;
import org.linkback.http.LimitedInputStream;
import org.linkback.queue.JobWorker;
import org.linkback.queue.VerifyQueue;
import org.linkback.receive.IncomingPing;
import org.linkback.receive.LinkReceiver;
import org.linkback.receive.PingLog;
import org.linkback.receive.PingRefusedException;
import org.linkback.receive.Refusal;
import org.linkback.receive.ValidPing;
import org.linkback.store.DuplicateMentionException;
import org.linkback.store.Kind;
import org.linkback.store.Mention;
import org.linkback.store.MentionStore;

/**
 * {@code POST /webmention} (W3C Webmention) and {@code GET /webmention/{id}}, its status.
 * Requests are validated at once and verified later by the durable queue.
 */
public final class WebmentionService implements HttpService {

    private static final int MAX_BODY = 16_384;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LinkReceiver receiver;
    private final MentionStore store;
    private final VerifyQueue queue;
    private final JobWorker worker;
    private final PingLog log;

    public WebmentionService(LinkReceiver receiver, MentionStore store, VerifyQueue queue, JobWorker worker, PingLog log) {
        this.receiver = receiver;
        this.store = store;
        this.queue = queue;
        this.worker = worker;
        this.log = log;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::receive)
                .get("/{id}", this::status);
    }

    private void receive(ServerRequest req, ServerResponse res) throws IOException {
        if (!FormBody.isForm(req)) {
            plain(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "send source and target as application/x-www-form-urlencoded");
            return;
        }
        Map<String, String> form;
        try {
            form = FormBody.read(req, MAX_BODY).fields(StandardCharsets.UTF_8);
        } catch (LimitedInputStream.TooLargeException e) {
            plain(res, Status.REQUEST_ENTITY_TOO_LARGE_413, e.getMessage());
            return;
        }
        IncomingPing ping = new IncomingPing(Kind.WEBMENTION, form.getOrDefault("source", ""), form.getOrDefault("target", ""),
                                             ClientAddress.of(req));
        ValidPing valid;
        try {
            valid = receiver.validate(ping);
        } catch (PingRefusedException e) {
            Status status = e.refusal() == Refusal.ACCESS_DENIED ? Status.TOO_MANY_REQUESTS_429 : Status.BAD_REQUEST_400;
            if (!e.retryAfter().isZero()) {
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()));
            }
            plain(res, status, e.getMessage());
            return;
        }
        // The pending backlink, its job and the audit entry commit together, before we answer.
        Mention mention = store.inTransaction(() -> {
            Mention pending = findOrInsert(valid, ping);
            queue.enqueue(pending.id(), ping.clientIp());
            log.queued(ping, pending);
            return pending;
        });
        worker.wakeUp();
        res.status(Status.ACCEPTED_202);
        res.header(HeaderNames.LOCATION, "/webmention/" + mention.id());
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send("Accepted: the source will be checked shortly. Status: /webmention/" + mention.id() + "\n");
    }

    private Mention findOrInsert(ValidPing valid, IncomingPing ping) {
        String source = valid.source().toString();
        String target = valid.target().toString();
        Optional<Mention> existing = store.find(source, target);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return store.insertPending(Kind.WEBMENTION, source, target, valid.site().name(), ping.clientIp());
        } catch (DuplicateMentionException e) {
            return store.find(source, target).orElseThrow(); // a concurrent request inserted it
        }
    }

    private void status(ServerRequest req, ServerResponse res) throws IOException {
        Optional<Mention> mention = parseId(req.path().pathParameters().get("id")).flatMap(store::findById);
        if (mention.isEmpty()) {
            plain(res, Status.NOT_FOUND_404, "no such webmention");
            return;
        }
        Mention m = mention.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", m.id());
        body.put("source", m.source());
        body.put("target", m.target());
        body.put("status", m.publicVerification().id());
        body.put("reason", m.reason());
        body.put("updatedAt", m.updatedAt().toString());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(JSON.writeValueAsBytes(body));
    }

    private static Optional<Long> parseId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void plain(ServerResponse res, Status status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(message + "\n");
    }
}
