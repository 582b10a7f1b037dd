package org.linkback.feed;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.http.Answers;
import org.linkback.http.CacheableAnswer;
import org.linkback.mf2.Interaction;

/**
 * {@code GET /backlinks.atom|rss|json|jf2?target=URL} (one article) or {@code ?site=NAME} (a whole
 * site), optionally {@code &type=reply,like} (what the linking pages' microformats2 say).
 */
public final class FeedService implements HttpService {

    private final PublishedBacklinks backlinks;
    private final CacheableAnswer answer;
    private final String publicUrl;
    /**
     * Rendered feeds by request (format and query as sent), each with the version of its backlinks
     * it was rendered from: a request for a feed that has not changed costs a map lookup and a
     * version check ({@link PublishedBacklinks#version}), and renders only when its backlinks changed.
     */
    private final Cache<String, Rendered> rendered = Caffeine.newBuilder()
            .maximumWeight(32 * 1024 * 1024)
            .weigher((String key, Rendered feed) -> key.length() + feed.document().body().length
                                                     + (feed.document().gzipped() == null ? 0 : feed.document().gzipped().length))
            .build();

    private record Rendered(String versionKey, long version, CacheableAnswer.Document document) {
    }

    public FeedService(PublishedBacklinks backlinks, CacheableAnswer answer, String publicUrl) {
        this.backlinks = backlinks;
        this.answer = answer;
        this.publicUrl = publicUrl;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/backlinks.atom", (req, res) -> serve(req, res, FeedFormat.ATOM, "/backlinks.atom"))
                .get("/backlinks.rss", (req, res) -> serve(req, res, FeedFormat.RSS, "/backlinks.rss"))
                .get("/backlinks.json", (req, res) -> serve(req, res, FeedFormat.JSON, "/backlinks.json"))
                .get("/backlinks.jf2", (req, res) -> serve(req, res, FeedFormat.JF2, "/backlinks.jf2"));
    }

    private void serve(ServerRequest req, ServerResponse res, FeedFormat format, String path) {
        String requestKey = format + " " + req.query().rawValue();
        Rendered known = rendered.getIfPresent(requestKey);
        if (known != null && known.version() == backlinks.version(known.versionKey())) {
            answer.send(req, res, known.document());
            return;
        }
        Optional<String> target = req.query().first("target").asOptional();
        Optional<String> site = req.query().first("site").asOptional();
        if (target.isEmpty() && site.isEmpty()) {
            error(res, Status.BAD_REQUEST_400, "give target=URL (one article) or site=NAME (a whole site)");
            return;
        }
        Set<Interaction.Type> types;
        try {
            types = types(req.query().all("type", List::of));
        } catch (IllegalArgumentException e) {
            error(res, Status.BAD_REQUEST_400, e.getMessage());
            return;
        }
        Optional<String> versionKey = target.isPresent() ? backlinks.articleVersionKey(target.get())
                : backlinks.siteVersionKey(site.get());
        if (versionKey.isEmpty()) {
            error(res, Status.NOT_FOUND_404, "no site served here has that article");
            return;
        }
        String self = publicUrl + path + (target.isPresent() ? query("target", target.get()) : query("site", site.get()))
                      + (types.isEmpty() ? "" : "&type=" + String.join(",", types.stream().map(Interaction.Type::id).toList()));
        long version = backlinks.version(versionKey.get()); // read before the backlinks: a race renders again, never serves stale
        Optional<PublishedBacklinks.Found> found = target.isPresent() ? backlinks.ofArticle(target.get(), types)
                : backlinks.ofSite(site.get(), types);
        if (found.isEmpty()) {
            error(res, Status.NOT_FOUND_404, "no site served here has that article");
            return;
        }
        FeedContent content = FeedContent.of(found.get(), self);
        Rendered feed = new Rendered(versionKey.get(), version,
                                     CacheableAnswer.Document.kept(format.render(content), content.updated(), format.contentType()));
        rendered.put(requestKey, feed);
        answer.send(req, res, feed.document());
    }

    /** The types {@code type=reply,like} (or type=reply&type=like) names; empty for all. */
    static Set<Interaction.Type> types(List<String> values) {
        Set<Interaction.Type> types = EnumSet.noneOf(Interaction.Type.class);
        for (String value : values) {
            for (String id : value.split(",")) {
                if (!id.isBlank()) {
                    types.add(Interaction.Type.fromId(id.strip()));
                }
            }
        }
        return types;
    }

    /** "?name=value", URL-encoded, for self links. */
    public static String query(String name, String value) {
        return "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void error(ServerResponse res, Status status, String message) {
        CacheableAnswer.cors(res);
        Answers.plain(res, status, message);
    }
}
