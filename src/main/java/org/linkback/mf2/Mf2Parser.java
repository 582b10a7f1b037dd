package org.linkback.mf2;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;


/**
 * A microformats2 parser, written to the parsing specification
 * (https://microformats.org/wiki/microformats2-parsing) on jsoup's DOM: the page's items (h-*),
 * their properties (p-, u-, dt-, e-), nested items, implied name, photo and url, and the page's
 * rels. The result has the JSON shape every mf2 parser gives ({@code items}, {@code rels},
 * {@code rel-urls}), so it can be checked against the community's test suite. No microformats1
 * back-compatibility.
 */
public final class Mf2Parser {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern ROOT = Pattern.compile("h-(?:[a-z0-9]+-)?[a-z]+(?:-[a-z]+)*");
    private static final Pattern PROPERTY = Pattern.compile("(p|u|dt|e)-((?:[a-z0-9]+-)?[a-z]+(?:-[a-z]+)*)");
    /**
     * How deep into the page microformats are looked for: real pages nest a few dozen elements;
     * a hostile one nests tens of thousands, which must not exhaust the stack.
     */
    static final int MAX_DEPTH = 256;
    /**
     * How many elements and text nodes one page may cost to read: a hostile page (tens of
     * thousands of nested items, each a property whose text is the whole rest of the page) stops
     * here and keeps what was read, instead of holding a core for seconds.
     */
    static final int MAX_WORK = 500_000;
    /**
     * The longest reading one page may take, whatever the machine's speed: a check of a ping runs
     * on the sender's request, and must end well within the fetch's own time limits.
     */
    static final Duration MAX_TIME = Duration.ofMillis(500);

    // tag names, compared directly: Element.is(...) parses its selector, and walks up to the root, at every call
    private static final Set<String> A_AREA_LINK = Set.of("a", "area", "link");
    private static final Set<String> A_AREA = Set.of("a", "area");
    private static final Set<String> ABBR = Set.of("abbr");
    private static final Set<String> ABBR_LINK = Set.of("abbr", "link");
    private static final Set<String> DATA = Set.of("data");
    private static final Set<String> DATA_INPUT = Set.of("data", "input");
    private static final Set<String> IMG = Set.of("img");
    private static final Set<String> IMG_AREA = Set.of("img", "area");
    private static final Set<String> IMG_AUDIO_VIDEO_SOURCE_IFRAME = Set.of("img", "audio", "video", "source", "iframe");
    private static final Set<String> OBJECT = Set.of("object");
    private static final Set<String> SCRIPT_STYLE_TEMPLATE = Set.of("script", "style", "template");
    private static final Set<String> TIME_INS_DEL = Set.of("time", "ins", "del");
    private static final Set<String> VIDEO = Set.of("video");

    private final URI base;
    /** Elements and text nodes this page may still cost ({@link #MAX_WORK}). */
    private int work = MAX_WORK;
    private final long deadline = System.nanoTime() + MAX_TIME.toNanos();

    private Mf2Parser(URI base) {
        this.base = base;
    }

    /**
     * Parses a page. Relative URLs resolve against its {@code <base href>}, else against the URL
     * the page was fetched from.
     */
    public static ObjectNode parse(Document page, URI pageUrl) {
        URI base = pageUrl;
        Element baseElement = page.selectFirst("base[href]");
        if (baseElement != null) {
            base = resolve(pageUrl, baseElement.attr("href")).map(URI::create).orElse(pageUrl);
        }
        Mf2Parser parser = new Mf2Parser(base);
        ObjectNode result = JSON.objectNode();
        ArrayNode items = result.putArray("items");
        parser.findRoots(page.body() == null ? page : page.body(), items, 0);
        parser.rels(page, result);
        return result;
    }

    /** Counts one element or text node read; true once the page's budget, of work or of time, is spent. */
    private boolean spent() {
        if ((--work & 0xFFF) == 0 && System.nanoTime() > deadline) {
            work = 0; // out of time: what was read is kept
        }
        return work < 0;
    }

    /** Items at the top: roots found anywhere, not inside another root. */
    private void findRoots(Element element, ArrayNode items, int depth) {
        if (depth > MAX_DEPTH || spent()) {
            return;
        }
        for (Element child : element.children()) {
            if (!roots(child).isEmpty()) {
                items.add(item(child, depth + 1));
            } else {
                findRoots(child, items, depth + 1);
            }
        }
    }

    private ObjectNode item(Element root, int depth) {
        ObjectNode item = JSON.objectNode();
        ArrayNode type = item.putArray("type");
        roots(root).forEach(type::add);
        ObjectNode properties = item.putObject("properties");
        ArrayNode children = JSON.arrayNode();
        Found found = new Found();
        for (Element child : root.children()) {
            walk(child, properties, children, found, depth + 1);
        }
        implied(root, properties, children, found);
        if (!children.isEmpty()) {
            item.set("children", children);
        }
        if (!root.id().isEmpty()) {
            item.put("id", root.id());
        }
        return item;
    }

    /** What the properties of an item were, for the implied ones. */
    private static final class Found {
        boolean textProperty;   // p-* or e-*
        boolean urlProperty;    // u-*
        boolean nested;         // a nested microformat, as a property or a child
    }

    private void walk(Element element, ObjectNode properties, ArrayNode children, Found found, int depth) {
        if (depth > MAX_DEPTH || spent()) {
            return;
        }
        List<String> roots = roots(element);
        List<String[]> props = properties(element);
        for (String[] p : props) {
            switch (p[0]) {
                case "p", "e" -> found.textProperty = true;
                case "u" -> found.urlProperty = true;
                default -> { }
            }
        }
        if (!roots.isEmpty()) {
            ObjectNode nested = item(element, depth);
            found.nested = true;
            if (props.isEmpty()) {
                children.add(nested);
                return;
            }
            for (String[] p : props) {
                ObjectNode value = nested.deepCopy();
                switch (p[0]) {
                    case "u" -> value.set("value", firstString(nested, "url").map(JSON::textNode)
                            .orElseGet(() -> JSON.textNode(urlValue(element))));
                    case "e" -> {
                        ObjectNode e = embedded(element);
                        value.set("value", e.get("value"));
                        value.set("html", e.get("html"));
                    }
                    default -> value.set("value", firstString(nested, "name").map(JSON::textNode)
                            .orElseGet(() -> JSON.textNode(textValue(element))));
                }
                add(properties, p[1], value);
            }
            return;
        }
        for (String[] p : props) {
            JsonNode value = switch (p[0]) {
                case "u" -> urlNode(element);
                case "dt" -> JSON.textNode(dateValue(element));
                case "e" -> embedded(element);
                default -> JSON.textNode(textValue(element));
            };
            add(properties, p[1], value);
        }
        for (Element child : element.children()) {
            walk(child, properties, children, found, depth + 1);
        }
    }

    private static void add(ObjectNode properties, String name, JsonNode value) {
        JsonNode values = properties.get(name);
        (values == null ? properties.putArray(name) : (ArrayNode) values).add(value);
    }

    private static Optional<String> firstString(ObjectNode item, String property) {
        JsonNode values = item.path("properties").path(property);
        if (values.isArray() && !values.isEmpty() && values.get(0).isTextual()) {
            return Optional.of(values.get(0).asText());
        }
        return Optional.empty();
    }

    // --- implied properties

    private void implied(Element root, ObjectNode properties, ArrayNode children, Found found) {
        if (!properties.has("name") && !found.textProperty && !found.nested) {
            properties.putArray("name").add(impliedName(root));
        }
        if (!properties.has("photo") && !found.urlProperty && !found.nested) {
            impliedPhoto(root).ifPresent(photo -> properties.putArray("photo").add(photo));
        }
        if (!properties.has("url") && !found.urlProperty && !found.nested) {
            impliedUrl(root).ifPresent(url -> properties.putArray("url").add(url));
        }
    }

    private String impliedName(Element root) {
        Optional<String> named = nameOf(root);
        if (named.isPresent()) {
            return named.get();
        }
        Element only = onlyChild(root);
        if (only != null && roots(only).isEmpty()) {
            named = nameOf(only);
            if (named.isPresent()) {
                return named.get();
            }
            Element onlyOnly = onlyChild(only);
            if (onlyOnly != null && roots(onlyOnly).isEmpty()) {
                named = nameOf(onlyOnly);
                if (named.isPresent()) {
                    return named.get();
                }
            }
        }
        return textContent(root, true).strip();
    }

    private static Optional<String> nameOf(Element e) {
        if (isOneOf(e, IMG_AREA) && e.hasAttr("alt") && !e.attr("alt").isEmpty()) {
            return Optional.of(e.attr("alt"));
        }
        if (isOneOf(e, ABBR) && e.hasAttr("title") && !e.attr("title").isEmpty()) {
            return Optional.of(e.attr("title"));
        }
        return Optional.empty();
    }

    private Optional<JsonNode> impliedPhoto(Element root) {
        Optional<JsonNode> photo = photoOf(root);
        if (photo.isPresent()) {
            return photo;
        }
        Element only = onlyOfType(root, "img");
        if (only == null) {
            only = onlyOfType(root, "object");
        }
        if (only != null && roots(only).isEmpty()) {
            return photoOf(only);
        }
        Element child = onlyChild(root);
        if (child != null && roots(child).isEmpty()) {
            Element grand = onlyOfType(child, "img");
            if (grand == null) {
                grand = onlyOfType(child, "object");
            }
            if (grand != null && roots(grand).isEmpty()) {
                return photoOf(grand);
            }
        }
        return Optional.empty();
    }

    private Optional<JsonNode> photoOf(Element e) {
        if (isOneOf(e, IMG) && e.hasAttr("src")) {
            return Optional.of(imageNode(e, e.attr("src")));
        }
        if (isOneOf(e, OBJECT) && e.hasAttr("data")) {
            return Optional.of(JSON.textNode(absolute(e.attr("data"))));
        }
        return Optional.empty();
    }

    private Optional<JsonNode> impliedUrl(Element root) {
        if (isOneOf(root, A_AREA) && root.hasAttr("href")) {
            return Optional.of(JSON.textNode(absolute(root.attr("href"))));
        }
        Element only = onlyWithHref(root, "a");
        if (only == null) {
            only = onlyWithHref(root, "area");
        }
        if (only != null && roots(only).isEmpty()) {
            return Optional.of(JSON.textNode(absolute(only.attr("href"))));
        }
        Element child = onlyChild(root);
        if (child != null && roots(child).isEmpty()) {
            Element grand = onlyWithHref(child, "a");
            if (grand == null) {
                grand = onlyWithHref(child, "area");
            }
            if (grand != null && roots(grand).isEmpty()) {
                return Optional.of(JSON.textNode(absolute(grand.attr("href"))));
            }
        }
        return Optional.empty();
    }

    private static Element onlyChild(Element e) {
        return e.children().size() == 1 ? e.child(0) : null;
    }

    /** The one child of e with this tag name, when exactly one has it. */
    private static Element onlyOfType(Element e, String tag) {
        return only(e, child -> child.normalName().equals(tag));
    }

    /** The one child of e with this tag name and an href, when exactly one has them. */
    private static Element onlyWithHref(Element e, String tag) {
        return only(e, child -> child.normalName().equals(tag) && child.hasAttr("href"));
    }

    private static Element only(Element e, Predicate<Element> test) {
        Element match = null;
        for (Element child : e.children()) {
            if (test.test(child)) {
                if (match != null) {
                    return null;
                }
                match = child;
            }
        }
        return match;
    }

    private static boolean isOneOf(Element e, Set<String> tags) {
        return tags.contains(e.normalName());
    }

    // --- property values

    private String textValue(Element e) {
        Optional<String> valueClass = valueClass(e);
        if (valueClass.isPresent()) {
            return valueClass.get();
        }
        if (isOneOf(e, ABBR_LINK) && e.hasAttr("title")) {
            return e.attr("title");
        }
        if (isOneOf(e, DATA_INPUT) && e.hasAttr("value")) {
            return e.attr("value");
        }
        if (isOneOf(e, IMG_AREA) && e.hasAttr("alt")) {
            return e.attr("alt");
        }
        return textContent(e, true).strip();
    }

    private JsonNode urlNode(Element e) {
        if (isOneOf(e, IMG) && e.hasAttr("src")) {
            return imageNode(e, e.attr("src"));
        }
        return JSON.textNode(urlValue(e));
    }

    private String urlValue(Element e) {
        if (isOneOf(e, A_AREA_LINK) && e.hasAttr("href")) {
            return absolute(e.attr("href"));
        }
        if (isOneOf(e, IMG_AUDIO_VIDEO_SOURCE_IFRAME) && e.hasAttr("src")) {
            return absolute(e.attr("src"));
        }
        if (isOneOf(e, VIDEO) && e.hasAttr("poster")) {
            return absolute(e.attr("poster"));
        }
        if (isOneOf(e, OBJECT) && e.hasAttr("data")) {
            return absolute(e.attr("data"));
        }
        Optional<String> valueClass = valueClass(e);
        if (valueClass.isPresent()) {
            return absolute(valueClass.get());
        }
        if (isOneOf(e, ABBR) && e.hasAttr("title")) {
            return absolute(e.attr("title"));
        }
        if (isOneOf(e, DATA_INPUT) && e.hasAttr("value")) {
            return absolute(e.attr("value"));
        }
        return absolute(textContent(e, true).strip());
    }

    private JsonNode imageNode(Element img, String src) {
        if (img.hasAttr("alt")) {
            ObjectNode photo = JSON.objectNode();
            photo.put("value", absolute(src));
            photo.put("alt", img.attr("alt"));
            return photo;
        }
        return JSON.textNode(absolute(src));
    }

    private String dateValue(Element e) {
        Optional<String> valueClass = valueClass(e);
        if (valueClass.isPresent()) {
            return valueClass.get();
        }
        if (isOneOf(e, TIME_INS_DEL) && e.hasAttr("datetime")) {
            return e.attr("datetime");
        }
        if (isOneOf(e, ABBR) && e.hasAttr("title")) {
            return e.attr("title");
        }
        if (isOneOf(e, DATA_INPUT) && e.hasAttr("value")) {
            return e.attr("value");
        }
        return textContent(e, false).strip();
    }

    /** e-*: the element's HTML (relative URLs made absolute) and its text. */
    private ObjectNode embedded(Element e) {
        ObjectNode node = JSON.objectNode();
        node.put("value", textContent(e, true).strip());
        if (work <= 0) {
            node.put("html", ""); // the page's budget is spent: a copy would cost as much again
            return node;
        }
        Element copy = e.clone();
        // serialized as it was written: a detached copy would be pretty-printed
        Document holder = new Document("");
        holder.outputSettings().prettyPrint(false);
        holder.appendChild(copy);
        for (Element link : copy.select("[href], [src]")) {
            for (String attribute : List.of("href", "src")) {
                if (link.hasAttr(attribute)) {
                    link.attr(attribute, absolute(link.attr(attribute)));
                }
            }
        }
        node.put("html", copy.html().strip());
        return node;
    }

    /** The value class pattern, simplified: the values of children with class "value" (or value-title), joined. */
    private static Optional<String> valueClass(Element e) {
        List<String> values = new ArrayList<>();
        for (Element child : e.children()) {
            if (child.hasClass("value-title") && child.hasAttr("title")) {
                return Optional.of(child.attr("title"));
            }
            if (child.hasClass("value")) {
                if (isOneOf(child, IMG_AREA) && child.hasAttr("alt")) {
                    values.add(child.attr("alt"));
                } else if (isOneOf(child, DATA) && child.hasAttr("value")) {
                    values.add(child.attr("value"));
                } else if (isOneOf(child, ABBR) && child.hasAttr("title")) {
                    values.add(child.attr("title"));
                } else {
                    values.add(child.text());
                }
            }
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join("", values));
    }

    /**
     * The element's text as the DOM's textContent gives it, without script and style, and (with
     * {@code images}) each img replaced by its alt, else its absolute src, between spaces.
     */
    private String textContent(Element e, boolean images) {
        StringBuilder text = new StringBuilder();
        // jsoup's traversal is iterative: a page nested ten thousand deep cannot exhaust the stack
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (spent()) {
                    return FilterResult.STOP;
                }
                if (node instanceof TextNode t) {
                    text.append(t.getWholeText());
                } else if (node instanceof Element el && node != e) {
                    if (isOneOf(el, SCRIPT_STYLE_TEMPLATE)) {
                        return FilterResult.SKIP_ENTIRELY;
                    }
                    if (isOneOf(el, IMG)) {
                        if (images && el.hasAttr("alt")) {
                            text.append(el.attr("alt"));
                        } else if (images && el.hasAttr("src")) {
                            text.append(' ').append(absolute(el.attr("src"))).append(' ');
                        }
                        return FilterResult.SKIP_ENTIRELY;
                    }
                }
                return FilterResult.CONTINUE;
            }
        }, e);
        return text.toString();
    }

    // --- rels

    private void rels(Document page, ObjectNode result) {
        Map<String, Set<String>> rels = new LinkedHashMap<>();
        Map<String, ObjectNode> relUrls = new LinkedHashMap<>();
        for (Element link : page.select("a[rel][href], link[rel][href], area[rel][href]")) {
            String url = absolute(link.attr("href"));
            Set<String> names = new LinkedHashSet<>();
            for (String rel : link.attr("rel").strip().split("\\s+")) {
                if (!rel.isEmpty()) {
                    names.add(rel.toLowerCase(java.util.Locale.ROOT));
                }
            }
            for (String rel : names) {
                rels.computeIfAbsent(rel, r -> new LinkedHashSet<>()).add(url);
            }
            ObjectNode entry = relUrls.computeIfAbsent(url, u -> {
                ObjectNode created = JSON.objectNode();
                created.putArray("rels");
                return created;
            });
            Set<String> known = new LinkedHashSet<>();
            entry.get("rels").forEach(r -> known.add(r.asText()));
            known.addAll(names);
            ArrayNode sorted = entry.putArray("rels");
            known.forEach(sorted::add);
            for (String attribute : List.of("hreflang", "media", "title", "type")) {
                if (link.hasAttr(attribute) && !entry.has(attribute)) {
                    entry.put(attribute, link.attr(attribute));
                }
            }
            String text = textContent(link, false);
            if (!entry.has("text") && !text.isEmpty()) {
                entry.put("text", text);
            }
        }
        ObjectNode relsNode = result.putObject("rels");
        rels.forEach((rel, urls) -> {
            ArrayNode list = relsNode.putArray(rel);
            urls.forEach(list::add);
        });
        ObjectNode relUrlsNode = result.putObject("rel-urls");
        relUrls.forEach(relUrlsNode::set);
    }

    // --- class names and URLs

    private static List<String> roots(Element e) {
        Set<String> roots = new TreeSet<>();
        for (String name : e.classNames()) {
            if (ROOT.matcher(name).matches()) {
                roots.add(name);
            }
        }
        return new ArrayList<>(roots);
    }

    /** The element's property classes as {prefix, name}, each once. */
    private static List<String[]> properties(Element e) {
        Map<String, String[]> props = new LinkedHashMap<>();
        for (String name : e.classNames()) {
            var m = PROPERTY.matcher(name);
            if (m.matches()) {
                props.putIfAbsent(name, new String[] {m.group(1), m.group(2)});
            }
        }
        return new ArrayList<>(props.values());
    }

    private String absolute(String url) {
        return resolve(base, url).orElse(url);
    }

    /** url made absolute against base, as a browser would; empty when it is no URL at all. */
    private static Optional<String> resolve(URI base, String url) {
        String trimmed = url.strip();
        if (trimmed.isEmpty()) {
            return Optional.of(base.toString());
        }
        try {
            URI from = base.getRawPath() == null || base.getRawPath().isEmpty() && base.getHost() != null
                    ? new URI(base.getScheme(), base.getRawAuthority(), "/", base.getRawQuery(), null)
                    : base;
            return Optional.of(from.resolve(new URI(trimmed)).toString());
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
