package org.linkback.send;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.url.Urls;

/**
 * The links of an article's content: the {@code h-entry}'s {@code e-content} if there is one,
 * else {@code <article>} or {@code <main>}, else the body; never links in navigation, headers,
 * footers or sidebars, never links to a bare domain root, and links to our own site only when
 * configured.
 */
final class LinkExtractor {

    private static final String CHROME = "nav, header, footer, aside, [role=navigation], [role=complementary], "
                                         + "[class~=(?i)(^|[-_])(sidebar|widget|blogroll|menu|nav|footer)([-_]|$)], "
                                         + "[id~=(?i)(^|[-_])(sidebar|widget|blogroll|menu|nav|footer)([-_]|$)]";

    private LinkExtractor() {
    }

    /** Canonical http(s) targets, in document order, without duplicates. */
    static Set<URI> links(Document article, URI source, boolean includeSameSite) {
        Element content = content(article);
        content.select(CHROME).remove();
        Set<URI> links = new LinkedHashSet<>();
        String ownOrigin = Urls.origin(source);
        for (Element a : content.select("a[href]")) {
            Urls.parseCanonical(a.absUrl("href"))
                    .filter(url -> !url.getRawPath().equals("/") || url.getRawQuery() != null) // a bare domain root is no post
                    .filter(url -> includeSameSite || !Urls.origin(url).equals(ownOrigin))
                    .filter(url -> !url.equals(Urls.canonical(source)))
                    .ifPresent(links::add);
        }
        return links;
    }

    private static Element content(Document doc) {
        Element entry = doc.selectFirst(".h-entry .e-content");
        if (entry != null) {
            return entry.clone();
        }
        Element article = doc.selectFirst("article");
        if (article != null) {
            return article.clone();
        }
        Element main = doc.selectFirst("main");
        return (main != null ? main : doc.body()).clone();
    }
}
