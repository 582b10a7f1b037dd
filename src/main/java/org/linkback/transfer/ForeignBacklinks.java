package org.linkback.transfer;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import org.linkback.backlink.Backlink;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.mf2.Interaction;
import org.linkback.text.Text;
import org.linkback.url.Urls;

/**
 * Backlinks kept by other software, as linkback's own JSON lines ({@link Export}), so that
 * {@link Import} stores them (idempotently, with counts): a WordPress export file (WXR), whose
 * pingback and TrackBack comments become backlinks of the post they were left on; and
 * webmention.io's {@code /api/mentions.jf2} JSON. Only backlinks to articles of a configured
 * site are taken; each becomes the article's backlink as a verified link was then.
 */
final class ForeignBacklinks {

    private static final DateTimeFormatter WORDPRESS_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** The lines, and what was passed over (not a pingback or TrackBack, not on a configured site) with why. */
    record Converted(List<String> lines, int passedOver, List<String> reasons) {
    }

    private ForeignBacklinks() {
    }

    /**
     * A WordPress export (Tools → Export). Comments of type pingback and trackback become
     * backlinks: approved ("1") → approved, "spam" → spam, held ("0") → pending; trashed ones
     * are passed over. XML read with jsoup's XML parser (no DTDs, no external entities).
     */
    static Converted fromWordPress(String wxr, Sites sites) {
        Document doc = Jsoup.parse(wxr, "", Parser.xmlParser());
        List<String> lines = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int passedOver = 0;
        for (Element item : doc.getElementsByTag("item")) {
            String link = childText(item, "link");
            for (Element comment : item.getElementsByTag("wp:comment")) {
                String type = childText(comment, "wp:comment_type");
                if (!type.equals("pingback") && !type.equals("trackback")) {
                    continue; // a reader's comment: not a backlink
                }
                String approved = childText(comment, "wp:comment_approved");
                String status = switch (approved) {
                    case "1" -> "approved";
                    case "0" -> "pending";
                    case "spam" -> "spam";
                    default -> null; // trash, post-trashed
                };
                Optional<URI> source = Urls.parseCanonical(childText(comment, "wp:comment_author_url"));
                Optional<Target> target = target(link, sites);
                if (status == null || source.isEmpty() || target.isEmpty()) {
                    passedOver++;
                    if (reasons.size() < 20) {
                        reasons.add(type + " from " + childText(comment, "wp:comment_author_url") + " on " + link + ": "
                                    + (status == null ? "comment status " + approved : source.isEmpty() ? "no usable source URL"
                                            : "not an article of a configured site"));
                    }
                    continue;
                }
                String author = childText(comment, "wp:comment_author");
                String content = Jsoup.parse(childText(comment, "wp:comment_content")).text();
                String title;
                String blog;
                String excerpt;
                if (type.equals("pingback")) {
                    // WordPress stores a pingback's source title as its author and "[…] words […]" as its content
                    title = author;
                    blog = null;
                    excerpt = content.replace("[…]", "").replace("[...]", "").strip();
                } else {
                    // and a TrackBack's blog name as its author and "<strong>title</strong> excerpt" as its content
                    Element strong = Jsoup.parse(childText(comment, "wp:comment_content")).selectFirst("strong");
                    title = strong == null ? null : strong.text();
                    blog = author;
                    excerpt = strong == null ? content : content.substring(Math.min(content.length(), strong.text().length())).strip();
                }
                Instant at = wordPressDate(childText(comment, "wp:comment_date_gmt"))
                        .or(() -> wordPressDate(childText(comment, "wp:comment_date"))).orElse(Instant.now());
                ObjectNode line = backlink(type, source.get(), target.get(), status, at);
                Backlink.Details details = new Backlink.Details(blankToNull(title), blankToNull(excerpt), blankToNull(blog));
                line.put("title", details.title());
                line.put("excerpt", details.excerpt());
                line.put("author", details.author());
                line.put("clientIp", blankToNull(childText(comment, "wp:comment_author_IP")));
                lines.add(Export.text(line));
            }
        }
        return new Converted(lines, passedOver, reasons);
    }

    /**
     * webmention.io's {@code mentions.jf2}: each child a webmention, of the type its
     * {@code wm-property} names, with its author, text, sanitized HTML and times. Private
     * ones are passed over.
     */
    static Converted fromWebmentionIo(JsonNode jf2, Sites sites) {
        List<String> lines = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int passedOver = 0;
        for (JsonNode child : jf2.path("children")) {
            Optional<URI> source = Urls.parseCanonical(child.path("wm-source").asText());
            Optional<Target> target = target(child.path("wm-target").asText(), sites);
            boolean hidden = child.path("wm-private").asBoolean(false);
            if (source.isEmpty() || target.isEmpty() || hidden) {
                passedOver++;
                if (reasons.size() < 20) {
                    reasons.add(child.path("wm-source").asText() + " → " + child.path("wm-target").asText() + ": "
                                + (hidden ? "private" : source.isEmpty() ? "no usable source URL" : "not an article of a configured site"));
                }
                continue;
            }
            Instant received = instant(child.path("wm-received").asText()).orElse(Instant.now());
            ObjectNode line = backlink("webmention", source.get(), target.get(), "approved", received);
            JsonNode author = child.path("author");
            String text = child.path("content").path("text").asText(null);
            String html = child.path("content").path("html").asText(null);
            line.put("title", blankToNull(Text.cap(Text.xmlSafe(child.path("name").asText("")), Backlink.Details.MAX_TITLE)));
            line.put("excerpt", text == null ? null : Text.cap(Text.xmlSafe(text), Backlink.Details.MAX_EXCERPT));
            line.put("author", blankToNull(Text.cap(Text.xmlSafe(author.path("name").asText("")), Backlink.Details.MAX_AUTHOR)));
            line.put("interaction", type(child.path("wm-property").asText()).id());
            line.put("authorName", blankToNull(Text.cap(Text.xmlSafe(author.path("name").asText("")), 250)));
            line.put("authorUrl", url(author.path("url").asText()));
            line.put("authorPhoto", url(author.path("photo").asText()));
            line.put("publishedAt", instant(child.path("published").asText()).map(Instant::toString).orElse(null));
            line.put("contentText", text == null ? null : Text.cap(Text.xmlSafe(text), Interaction.MAX_TEXT));
            line.put("contentHtml", sanitized(html));
            line.put("entryUrl", url(child.path("url").asText()));
            String rsvp = child.path("rsvp").asText(null);
            line.put("rsvp", rsvp != null && List.of("yes", "no", "maybe", "interested").contains(rsvp) ? rsvp : null);
            lines.add(Export.text(line));
        }
        return new Converted(lines, passedOver, reasons);
    }

    /** A target, canonical, as the article of a configured site it names. */
    private record Target(Site site, URI article) {
    }

    private static Optional<Target> target(String url, Sites sites) {
        return Urls.parseCanonical(url).flatMap(uri -> sites.siteOf(uri).map(site -> new Target(site, site.articleOf(uri))));
    }

    /** A backlink line with every column {@link Table#BACKLINK} has, as a verified link of that time. */
    private static ObjectNode backlink(String kind, URI source, Target target, String status, Instant at) {
        ObjectNode line = Export.JSON.createObjectNode();
        line.put("type", Table.BACKLINK.type);
        for (Table.Column column : Table.BACKLINK.columns) {
            if (column.type() == Table.Type.LINES) {
                line.putArray(column.json());
            } else {
                line.putNull(column.json());
            }
        }
        line.put("kind", kind);
        line.put("source", source.toString());
        line.put("target", target.article().toString());
        line.put("site", target.site().name());
        line.put("status", status);
        line.put("verification", "verified");
        line.put("sourceHost", Backlink.hostOf(source.toString()));
        line.put("spamScore", 0.0);
        line.put("receivedAt", at.toString());
        line.put("verifiedAt", at.toString());
        line.put("updatedAt", at.toString());
        line.put("missingCount", 0);
        line.put("interaction", Interaction.Type.MENTION.id());
        return line;
    }

    private static Interaction.Type type(String property) {
        return switch (property) {
            case "in-reply-to" -> Interaction.Type.REPLY;
            case "like-of" -> Interaction.Type.LIKE;
            case "repost-of" -> Interaction.Type.REPOST;
            case "bookmark-of" -> Interaction.Type.BOOKMARK;
            case "rsvp" -> Interaction.Type.RSVP;
            default -> Interaction.Type.MENTION;
        };
    }

    private static String sanitized(String html) {
        return Interaction.safeHtml(html, "");
    }

    private static String url(String text) {
        return Urls.parseCanonical(text).map(URI::toString).orElse(null);
    }

    private static Optional<Instant> wordPressDate(String text) {
        try {
            return text.isBlank() || text.startsWith("0000") ? Optional.empty()
                    : Optional.of(LocalDateTime.parse(text.strip(), WORDPRESS_DATE).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text.isBlank() ? Optional.empty() : Optional.of(java.time.OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String childText(Element parent, String tag) {
        for (Element child : parent.children()) {
            if (child.tagName().equals(tag)) {
                return child.text();
            }
        }
        return "";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
