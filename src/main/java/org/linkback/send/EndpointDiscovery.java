package org.linkback.send;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.w3c.dom.NodeList;

import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.url.Urls;
import org.linkback.xml.SafeXml;

/**
 * Finds how a target page wants to be notified, in this order of preference:
 * <ol>
 *   <li><b>Webmention</b> (W3C discovery): the first {@code Link} header with rel
 *       {@code webmention}, else the first {@code <link>} or {@code <a>} whose rel holds the token
 *       {@code webmention}, in document order; relative URLs resolve against the page's URL after
 *       redirects, query strings kept, an empty href is the page itself. Endpoints in comments or
 *       escaped text are not elements, so they do not count.</li>
 *   <li><b>Pingback</b>: the {@code X-Pingback} header, else {@code <link rel="pingback">}
 *       (entities expanded by the HTML parser).</li>
 *   <li><b>TrackBack</b>: the RDF block whose {@code dc:identifier} or {@code rdf:about} is the
 *       target, its {@code trackback:ping}.</li>
 * </ol>
 */
final class EndpointDiscovery {

    private static final Pattern RDF_BLOCK = Pattern.compile("<rdf:RDF\\b.*?</rdf:RDF>", Pattern.DOTALL);
    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String TRACKBACK = "http://madskills.com/public/xml/rss/module/trackback/";

    private final SafeFetcher fetcher;

    EndpointDiscovery(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * @return the endpoint, or empty when the page names none
     * @throws SendFailure when the target cannot be read
     */
    Optional<Endpoint> discover(URI target) {
        Fetched page;
        try {
            page = fetcher.fetch(new SafeFetcher.Request(target, "discovering endpoints", null, "text/html, */*;q=0.1", false));
        } catch (FetchException e) {
            throw new SendFailure("could not read the target: " + e.getMessage(), e.failure().isTransient(), null, null);
        }
        if (!page.isSuccess()) {
            throw SendFailure.ofAnswer("the target", page);
        }
        Document html = page.isHtml() ? Jsoup.parse(page.text(), page.url().toString()) : null; // parsed once for both
        return webmention(page, html).or(() -> pingback(page, html)).or(() -> trackback(page, target));
    }

    private static Optional<Endpoint> webmention(Fetched page, Document doc) {
        for (LinkHeader.Link link : LinkHeader.parse(page.header("Link"))) {
            if (link.rels().contains("webmention")) {
                return resolve(page.url(), link.uri()).map(url -> new Endpoint(Protocol.WEBMENTION, url));
            }
        }
        if (doc == null) {
            return Optional.empty();
        }
        for (Element element : doc.select("link[rel], a[rel]")) {
            if (hasRel(element, "webmention") && element.hasAttr("href")) {
                return resolve(page.url(), element.attr("href")).map(url -> new Endpoint(Protocol.WEBMENTION, url));
            }
        }
        return Optional.empty();
    }

    private static Optional<Endpoint> pingback(Fetched page, Document doc) {
        for (String header : page.header("X-Pingback")) {
            Optional<URI> url = resolve(page.url(), header.strip());
            if (url.isPresent()) {
                return url.map(u -> new Endpoint(Protocol.PINGBACK, u));
            }
        }
        if (doc == null) {
            return Optional.empty();
        }
        for (Element link : doc.select("link[rel][href]")) {
            if (hasRel(link, "pingback")) {
                return resolve(page.url(), link.attr("href")).map(url -> new Endpoint(Protocol.PINGBACK, url));
            }
        }
        return Optional.empty();
    }

    /** The RDF blocks sit in HTML comments, so they are read from the raw text, each parsed as safe XML. */
    private static Optional<Endpoint> trackback(Fetched page, URI target) {
        Matcher blocks = RDF_BLOCK.matcher(page.text());
        URI canonicalTarget = Urls.canonical(target);
        while (blocks.find()) {
            org.w3c.dom.Document rdf;
            try {
                rdf = SafeXml.parse(blocks.group().getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                continue; // a broken block: look at the next one
            }
            NodeList descriptions = rdf.getElementsByTagNameNS(RDF, "Description");
            for (int i = 0; i < descriptions.getLength(); i++) {
                org.w3c.dom.Element description = (org.w3c.dom.Element) descriptions.item(i);
                String identifier = description.getAttributeNS(DC, "identifier");
                String about = description.getAttributeNS(RDF, "about");
                String ping = description.getAttributeNS(TRACKBACK, "ping");
                if (!ping.isBlank() && (sameUrl(identifier, canonicalTarget) || sameUrl(about, canonicalTarget))) {
                    return resolve(page.url(), ping).map(url -> new Endpoint(Protocol.TRACKBACK, url));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean sameUrl(String text, URI canonicalTarget) {
        return !text.isBlank() && Urls.parseCanonical(text.strip()).map(canonicalTarget::equals).orElse(false);
    }

    private static boolean hasRel(Element element, String rel) {
        for (String token : element.attr("rel").strip().split("\\s+")) {
            if (token.equalsIgnoreCase(rel)) {
                return true;
            }
        }
        return false;
    }

    /** A URI reference resolved against the page's URL; empty for anything but http(s). */
    private static Optional<URI> resolve(URI base, String reference) {
        try {
            URI resolved = reference.isEmpty() ? base : base.resolve(reference.strip());
            return Urls.parseHttp(resolved.toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
