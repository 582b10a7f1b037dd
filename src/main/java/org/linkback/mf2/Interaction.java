package org.linkback.mf2;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

import org.linkback.text.Text;

/**
 * What a linking page's microformats2 say about its link: a reply, a like, a repost ... with its
 * author, text and media. A page without microformats2 is a plain {@link Type#MENTION} with
 * nothing else ({@link #NONE}).
 *
 * @param published   when the entry says it was published, or null
 * @param contentText the entry's text, cut to {@link #MAX_TEXT}, or null
 * @param contentHtml the entry's HTML, sanitized (a basic safelist), cut to {@link #MAX_HTML}, or null
 * @param url         the entry's own URL (u-url), or null
 * @param rsvp        yes, no, maybe or interested, for an RSVP; else null
 * @param media       photo, video and audio URLs, each "photo URL", "video URL" or "audio URL"
 */
public record Interaction(Type type, Author author, Instant published, String contentText, String contentHtml, String url,
                          String rsvp, List<String> media) {

    public static final int MAX_TEXT = 2000;
    public static final int MAX_HTML = 8000;
    public static final Interaction NONE = new Interaction(Type.MENTION, Author.NONE, null, null, null, null, null, List.of());
    /** The kinds of media an entry may carry, as the first word of a {@link #media} item. */
    public static final List<String> MEDIA_KINDS = List.of("photo", "video", "audio");

    /**
     * HTML from another site as a backlink keeps it: what a basic safelist allows (text formatting
     * and links, every link http(s)), XML-safe; null when nothing is left or it is too long to keep whole.
     */
    public static String safeHtml(String html, String baseUri) {
        if (html == null || html.isBlank()) {
            return null;
        }
        String clean = Text.xmlSafe(Jsoup.clean(html, baseUri, Safelist.basic().removeProtocols("a", "href", "ftp", "mailto"),
                                                new Document.OutputSettings().prettyPrint(false)).strip());
        return clean.isEmpty() || clean.length() > MAX_HTML ? null : clean;
    }

    /** The kinds of response, by the property that links to the target. */
    public enum Type {
        REPLY("reply", "in-reply-to"),
        LIKE("like", "like-of"),
        REPOST("repost", "repost-of"),
        BOOKMARK("bookmark", "bookmark-of"),
        RSVP("rsvp", "rsvp"),
        MENTION("mention", "mention-of");

        private final String id;
        private final String property;

        Type(String id, String property) {
            this.id = id;
            this.property = property;
        }

        /** As stored and as the feeds' {@code type=} filter names it. */
        public String id() {
            return id;
        }

        /** The microformats2 (and webmention.io's {@code wm-property}) name. */
        public String property() {
            return property;
        }

        public static Type fromId(String id) {
            for (Type type : values()) {
                if (type.id.equals(id == null ? "" : id.toLowerCase(Locale.ROOT))) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown type \"" + id + "\": reply, like, repost, bookmark, rsvp or mention");
        }
    }

    /** Who wrote the entry; every part may be null. */
    public record Author(String name, String url, String photo) {

        public static final Author NONE = new Author(null, null, null);

        public boolean isKnown() {
            return name != null || url != null || photo != null;
        }
    }
}
