package org.linkback.trackback;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Kind;
import org.linkback.feed.FeedContent;
import org.linkback.feed.FeedFormat;
import org.linkback.feed.FeedService;
import org.linkback.feed.PublishedBacklinks;
import org.linkback.http.CacheableAnswer;
import org.linkback.http.ClientAddress;
import org.linkback.http.FormBody;
import org.linkback.http.LimitedInputStream;
import org.linkback.receive.IncomingPing;
import org.linkback.receive.LinkReceiver;
import org.linkback.receive.PingRefusedException;
import org.linkback.text.Text;

/**
 * {@code POST /trackback?target=URL} (TrackBack 1.2) and {@code GET /trackback?target=URL&__mode=rss}.
 * Unlike most TrackBack servers we verify: the {@code url} page must link to the target.
 */
public final class TrackbackService implements HttpService {

    static final int MAX_TITLE = 250;
    static final int MAX_EXCERPT = 252;
    private static final int MAX_BODY = 65_536;

    private final LinkReceiver receiver;
    private final PublishedBacklinks backlinks;
    private final CacheableAnswer cacheable;
    private final String publicUrl;

    public TrackbackService(LinkReceiver receiver, PublishedBacklinks backlinks, CacheableAnswer cacheable, String publicUrl) {
        this.receiver = receiver;
        this.backlinks = backlinks;
        this.cacheable = cacheable;
        this.publicUrl = publicUrl;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::ping)
                .get("/", this::rss);
    }

    private void ping(ServerRequest req, ServerResponse res) throws IOException {
        String target = req.query().first("target").orElse("");
        Map<String, String> form;
        try {
            form = fields(req);
        } catch (LimitedInputStream.TooLargeException e) {
            answer(res, TrackbackResponse.error(e.getMessage()));
            return;
        }
        String url = form.getOrDefault("url", "").strip();
        if (url.isEmpty()) {
            answer(res, TrackbackResponse.error("the url field is required"));
            return;
        }
        Backlink.Details claimed = new Backlink.Details(Text.cap(blankToNull(form.get("title")), MAX_TITLE),
                                                      excerpt(blankToNull(form.get("excerpt"))),
                                                      blankToNull(form.get("blog_name")));
        try {
            receiver.receive(new IncomingPing(Kind.TRACKBACK, url, target, ClientAddress.of(req), claimed));
            answer(res, TrackbackResponse.success());
        } catch (PingRefusedException e) {
            if (!e.retryAfter().isZero()) {
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()));
            }
            answer(res, TrackbackResponse.error(e.getMessage()));
        }
    }

    /**
     * Form fields in the sender's charset: the Content-Type's charset, else a {@code charset}
     * field (WordPress sends one), else UTF-8.
     */
    private static Map<String, String> fields(ServerRequest req) throws IOException {
        FormBody body = FormBody.read(req, MAX_BODY);
        Charset charset = FormBody.headerCharset(req)
                .or(() -> Optional.ofNullable(body.fields(StandardCharsets.ISO_8859_1).get("charset")).flatMap(FormBody::charset))
                .orElse(StandardCharsets.UTF_8);
        return body.fields(charset);
    }

    /** Excerpts longer than 252 characters are cut there and end with "…". */
    static String excerpt(String text) {
        return text == null || text.length() <= MAX_EXCERPT ? text : Text.cut(text, MAX_EXCERPT) + "…";
    }

    private void rss(ServerRequest req, ServerResponse res) {
        if (!req.query().first("__mode").orElse("").equals("rss")) {
            answer(res, TrackbackResponse.error("send TrackBack pings with POST; GET only lists them, with __mode=rss"));
            return;
        }
        String target = req.query().first("target").orElse("");
        var found = backlinks.ofArticle(target, Kind.TRACKBACK);
        if (found.isEmpty()) {
            res.status(Status.NOT_FOUND_404);
            answer(res, TrackbackResponse.error("the target is not an article of a site served here"));
            return;
        }
        FeedContent rss = FeedContent.of(found.get(), publicUrl + "/trackback" + FeedService.query("target", target) + "&__mode=rss");
        cacheable.send(req, res, FeedFormat.RSS.render(rss), rss.updated(), FeedFormat.RSS.contentType());
    }

    private static void answer(ServerResponse res, byte[] xml) {
        res.header(HeaderNames.CONTENT_TYPE, "text/xml; charset=utf-8");
        res.send(xml);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
