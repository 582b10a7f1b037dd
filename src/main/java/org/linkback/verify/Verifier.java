package org.linkback.verify;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.fetch.Fetched;
import org.linkback.text.Text;
import org.linkback.url.Urls;

/**
 * Checks that a fetched source page really links to the target, and reads the title,
 * blog name and the text around the link from it.
 */
public final class Verifier {

    static final int CONTEXT_CHARS = 100;
    private static final String[] TITLE_SEPARATORS = {" | ", " – ", " — ", " - ", " :: ", " » "};

    public Verification verify(Fetched page, URI canonicalTarget) {
        return verify(page, List.of(canonicalTarget));
    }

    /** {@link #verify(Fetched, URI)} for an article with several URLs (a site's aliases): a link to any of them counts. */
    public Verification verify(Fetched page, List<URI> canonicalTargets) {
        if (!page.isHtml()) {
            return verifyText(page, canonicalTargets);
        }
        Document doc = parse(page);
        List<LinkFilter> filters = canonicalTargets.stream().map(target -> LinkFilter.of(doc, target)).toList();
        Optional<Element> link = doc.select("a[href]").stream()
                .filter(a -> filters.stream().anyMatch(filter -> filter.mayPointTo(a)))
                .filter(a -> canonicalTargets.stream().anyMatch(target -> pointsTo(a.absUrl("href"), target)))
                .findFirst();
        TitleAndBlog names = titleAndBlog(doc);
        return new Verification(link.isPresent(), names.title(), names.blog(),
                                link.map(Verifier::excerpt).map(Text::xmlSafe).orElse(null),
                                doc, link.orElse(null));
    }

    /** The title of an HTML page (as for a source), if it has one. */
    public Optional<String> titleOf(Fetched page) {
        return page.isHtml() ? titleOf(parse(page)) : Optional.empty();
    }

    /** The title of a page parsed already. */
    public Optional<String> titleOf(Document page) {
        return Optional.ofNullable(titleAndBlog(page).title());
    }

    private static Document parse(Fetched page) {
        return Jsoup.parse(page.text(), page.url().toString());
    }

    /** Plain text, JSON and other non-HTML sources: the target URL must appear in the body. */
    private static Verification verifyText(Fetched page, List<URI> canonicalTargets) {
        String text = page.text();
        String target = canonicalTargets.stream().map(URI::toString).filter(text::contains).findFirst()
                .orElse(canonicalTargets.getFirst().toString());
        int at = text.indexOf(target);
        String excerpt = at < 0 ? null : Text.xmlSafe(around(text.replaceAll("\\s+", " "), target));
        return new Verification(at >= 0, null, null, excerpt, null, null);
    }

    /** An href matches when, resolved and canonicalised, it equals the target; fragments do not count. */
    static boolean pointsTo(String absoluteHref, URI canonicalTarget) {
        return Urls.parseCanonical(absoluteHref).map(canonicalTarget::equals).orElse(false);
    }

    private record TitleAndBlog(String title, String blog) {
    }

    /**
     * Passes over links that cannot point to the target before the costly resolve and canonicalise
     * (a 50 KB post has hundreds of links): an absolute link must name the target's host, a
     * relative one must be on a page of the target's host. Anything unusual (non-ASCII, percent
     * signs, an IP literal target) goes the whole way.
     */
    private record LinkFilter(String targetHost, boolean checkAll, boolean relativeMayMatch) {

        static LinkFilter of(Document doc, URI target) {
            String host = target.getHost().toLowerCase(Locale.ROOT);
            boolean ipLiteral = host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
            boolean sameHost = Urls.parseCanonical(doc.baseUri()).map(base -> base.getHost().equals(host)).orElse(true);
            return new LinkFilter(host, ipLiteral, sameHost);
        }

        boolean mayPointTo(Element a) {
            if (checkAll) {
                return true;
            }
            String href = a.attr("href").strip().toLowerCase(Locale.ROOT);
            if (!isAbsolute(href)) {
                return relativeMayMatch;
            }
            return href.contains(targetHost) || href.indexOf('%') >= 0 || !href.chars().allMatch(c -> c < 128);
        }

        /** "//host…" or "scheme:…" (a colon before any '/', '?' or '#'). */
        private static boolean isAbsolute(String href) {
            if (href.startsWith("//")) {
                return true;
            }
            for (int i = 0; i < href.length(); i++) {
                char c = href.charAt(i);
                if (c == ':') {
                    return i > 0;
                }
                if (c == '/' || c == '?' || c == '#') {
                    return false;
                }
            }
            return false;
        }
    }

    /**
     * Title from the h-entry name, og:title or &lt;title&gt;; blog name from og:site_name, or the
     * part after " | " or " - " in &lt;title&gt; ("Post title | Blog name").
     */
    private static TitleAndBlog titleAndBlog(Document doc) {
        String entryName = text(doc.selectFirst(".h-entry .p-name"));
        String ogTitle = meta(doc, "og:title");
        String siteName = meta(doc, "og:site_name");
        String docTitle = blankToNull(doc.title());

        String titlePart = docTitle;
        String blogPart = null;
        if (docTitle != null) {
            for (String separator : TITLE_SEPARATORS) {
                int at = docTitle.lastIndexOf(separator);
                if (at > 0) {
                    titlePart = docTitle.substring(0, at).strip();
                    blogPart = blankToNull(docTitle.substring(at + separator.length()));
                    break;
                }
            }
        }
        String title = firstNonNull(entryName, ogTitle, titlePart);
        String blog = firstNonNull(siteName, blogPart);
        return new TitleAndBlog(title, blog);
    }

    private static String excerpt(Element link) {
        String anchor = link.text();
        Element block = link;
        // Climb to an element with enough text around the link, but not beyond the body.
        while (block.parent() != null && !block.parent().tagName().equals("body")
                && block.text().length() < 2 * CONTEXT_CHARS + anchor.length()) {
            block = block.parent();
        }
        return around(block.text(), anchor);
    }

    /** About CONTEXT_CHARS characters either side of needle, cut at word boundaries. */
    static String around(String text, String needle) {
        int at = needle.isEmpty() ? -1 : text.indexOf(needle);
        if (at < 0) {
            return text.length() <= 2 * CONTEXT_CHARS ? text : text.substring(0, 2 * CONTEXT_CHARS).strip() + "…";
        }
        int start = Math.max(0, at - CONTEXT_CHARS);
        int end = Math.min(text.length(), at + needle.length() + CONTEXT_CHARS);
        if (start > 0) {
            int space = text.indexOf(' ', start);
            start = space >= 0 && space < at ? space + 1 : start;
        }
        if (end < text.length()) {
            int space = text.lastIndexOf(' ', end);
            end = space > at + needle.length() ? space : end;
        }
        return (start > 0 ? "…" : "") + text.substring(start, end).strip() + (end < text.length() ? "…" : "");
    }

    private static String meta(Document doc, String property) {
        Element meta = doc.selectFirst("meta[property=" + property + "], meta[name=" + property + "]");
        return meta == null ? null : blankToNull(meta.attr("content"));
    }

    private static String text(Element element) {
        return element == null ? null : blankToNull(element.text());
    }

    /** Whitespace folded, characters XML forbids dropped (a title may hold &amp;#1;), blank as null. */
    private static String blankToNull(String s) {
        String safe = Text.xmlSafe(s);
        return safe == null || safe.isBlank() ? null : safe.strip().replaceAll("\\s+", " ");
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
