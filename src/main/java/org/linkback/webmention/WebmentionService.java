package org.linkback.webmention;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.Lifecycle;
import org.linkback.backlink.Refusal;
import org.linkback.http.Answers;
import org.linkback.http.ClientAddress;
import org.linkback.http.FormBody;
import org.linkback.http.LimitedInputStream;
import org.linkback.receive.IncomingPing;
import org.linkback.receive.LinkReceiver;
import org.linkback.receive.PingRefusedException;

/**
 * {@code POST /webmention} (W3C Webmention) and {@code GET /webmention/{id}}, its status: the
 * protocol adapter. The receiver validates at once and queues the check.
 */
public final class WebmentionService implements HttpService {

    private static final int MAX_BODY = 16_384;

    private final LinkReceiver receiver;
    private final Backlinks backlinks;

    public WebmentionService(LinkReceiver receiver, Backlinks backlinks) {
        this.receiver = receiver;
        this.backlinks = backlinks;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::receive)
                .get("/{token}", this::status);
    }

    /**
     * Why a webmention is not shown, in words that tell its sender nothing about our network or
     * moderation: no DNS or address details, no spam verdicts.
     */
    private static String publicReason(Backlink m, CheckState state) {
        if (state != CheckState.REJECTED && state != CheckState.DELETED) {
            return null;
        }
        Refusal failure = m.failure() == null ? Refusal.GENERIC : m.failure();
        return switch (failure) {
            case SOURCE_NOT_FOUND, SOURCE_GONE -> "the source could not be fetched";
            case GAVE_UP -> "gave up after repeated failures to fetch the source";
            case NO_LINK -> "the source does not link to the target";
            default -> state == CheckState.DELETED ? "the backlink was removed" : "the webmention was not accepted";
        };
    }

    private void receive(ServerRequest req, ServerResponse res) throws IOException {
        if (!FormBody.isForm(req)) {
            Answers.plain(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "send source and target as application/x-www-form-urlencoded");
            return;
        }
        Map<String, String> form;
        try {
            form = FormBody.read(req, MAX_BODY).fields(StandardCharsets.UTF_8);
        } catch (LimitedInputStream.TooLargeException e) {
            Answers.plain(res, Status.REQUEST_ENTITY_TOO_LARGE_413, e.getMessage());
            return;
        }
        Backlink mention;
        try {
            mention = receiver.queue(new IncomingPing(Kind.WEBMENTION, form.getOrDefault("source", ""),
                                                      form.getOrDefault("target", ""), ClientAddress.of(req)));
        } catch (PingRefusedException e) {
            Status status = e.refusal() == Refusal.ACCESS_DENIED ? Status.TOO_MANY_REQUESTS_429 : Status.BAD_REQUEST_400;
            if (!e.retryAfter().isZero()) {
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()));
            }
            Answers.plain(res, status, e.getMessage());
            return;
        }
        res.header(HeaderNames.LOCATION, "/webmention/" + mention.statusToken());
        Answers.plain(res, Status.ACCEPTED_202, "Accepted: the source will be checked shortly. Status: /webmention/"
                                                + mention.statusToken());
    }

    /** The status of one webmention, by its unguessable token: only what its sender may know. */
    private void status(ServerRequest req, ServerResponse res) {
        String token = req.path().pathParameters().get("token");
        Optional<Backlink> mention = token.length() > 64 ? Optional.empty() : backlinks.findByStatusToken(token);
        if (mention.isEmpty()) {
            Answers.plain(res, Status.NOT_FOUND_404, "no such webmention");
            return;
        }
        Backlink m = mention.get();
        CheckState state = Lifecycle.publicCheckState(m.state());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", m.source());
        body.put("target", m.target());
        body.put("status", state.id());
        body.put("reason", publicReason(m, state));
        body.put("updatedAt", m.updatedAt().toString());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        Answers.json(res, Status.OK_200, body);
    }
}
