package org.linkback.discovery;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.Answers;
import org.linkback.url.Urls;
import org.linkback.verify.Verifier;

/**
 * {@code GET /discovery?target=URL}: the snippets a site owner pastes into that article,
 * as an HTML page to copy from, or as JSON for {@code Accept: application/json}.
 */
public final class DiscoveryService implements HttpService {

    private static final ObjectMapper JSON = Answers.JSON;

    private final Sites sites;
    private final URI publicUrl;
    private final SafeFetcher fetcher;
    private final Verifier verifier;

    public DiscoveryService(Sites sites, URI publicUrl, SafeFetcher fetcher, Verifier verifier) {
        this.sites = sites;
        this.publicUrl = publicUrl;
        this.fetcher = fetcher;
        this.verifier = verifier;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::discovery);
    }

    private void discovery(ServerRequest req, ServerResponse res) throws JsonProcessingException {
        Optional<URI> target = Urls.parseCanonical(req.query().first("target").orElse(""));
        Optional<Site> site = target.flatMap(sites::siteOf);
        if (site.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("give target=URL of an article of a site served here\n");
            return;
        }
        DiscoverySnippets snippets = DiscoverySnippets.of(publicUrl, target.get(), title(target.get()),
                                                          site.get().fediverse().on() ? site.get().articleOf(target.get()) : null);
        if (req.headers().first(HeaderNames.ACCEPT).orElse("").contains("application/json")) {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(JSON.writeValueAsBytes(json(snippets)));
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
            res.send(html(snippets));
        }
    }

    /** The article's own title for the TrackBack block; its URL if the page cannot be read. */
    private String title(URI target) {
        try {
            return verifier.titleOf(fetcher.fetch(new SafeFetcher.Request(target, "discovery snippet", null, "text/html", true)))
                    .orElse(target.toString());
        } catch (FetchException e) {
            return target.toString();
        }
    }

    private static Map<String, String> json(DiscoverySnippets s) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("target", s.target());
        body.put("xPingback", s.xPingback());
        body.put("pingbackLink", s.pingbackLink());
        body.put("webmentionLink", s.webmentionLink());
        body.put("linkHeader", s.linkHeader());
        body.put("trackbackPing", s.trackbackPing());
        body.put("trackbackRdf", s.trackbackRdf());
        body.put("activityPubLink", s.activityPubLink());
        return body;
    }

    private static String html(DiscoverySnippets s) {
        Document page = Document.createShell("");
        page.title("linkback discovery snippets");
        page.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        page.head().appendElement("style").appendText(
                "body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
                + "pre{background:#f4f4f4;padding:.75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}");
        Element body = page.body();
        body.appendElement("h1").text("Discovery snippets");
        body.appendElement("p").text("Paste these into the article " + s.target()
                                     + " so that other blogs find where to send pingbacks, webmentions and TrackBacks.");
        section(body, "In the <head> of the article", s.pingbackLink() + "\n" + s.webmentionLink()
                                                      + (s.activityPubLink() == null ? "" : "\n" + s.activityPubLink()));
        section(body, "Or as HTTP response headers of the article", "X-Pingback: " + s.xPingback() + "\n" + s.linkHeader());
        section(body, "TrackBack: inside the article's <body>", s.trackbackRdf());
        section(body, "TrackBack ping URL, to show readers", s.trackbackPing());
        return page.outerHtml();
    }

    private static void section(Element body, String heading, String snippet) {
        body.appendElement("h2").text(heading);
        body.appendElement("pre").appendElement("code").text(snippet);
    }
}
