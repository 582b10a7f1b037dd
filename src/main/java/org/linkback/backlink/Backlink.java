package org.linkback.backlink;

import java.time.Instant;

import org.linkback.mf2.Interaction;
import org.linkback.text.Text;
import org.linkback.url.Hosts;

/**
 * A link from another page ({@code source}) to one of our articles ({@code target}).
 * Title, excerpt and author came from the remote page: escape them wherever they are shown.
 *
 * @param state        moderation status (only approved is public) and what the last check found
 * @param reason       why the last check failed, in words, or null
 * @param failure      why the last check failed, as a code, or null
 * @param assessment   spam score and its reasons, from the last check
 * @param statusToken  the unguessable name of its status URL ({@code /webmention/TOKEN}), or null
 * @param missingCount sweeps in a row that found its source missing (404)
 * @param interaction  what the source's microformats2 say: reply, like, repost ..., its author and text
 */
public record Backlink(long id,
                      Kind kind,
                      String source,
                      String target,
                      String site,
                      BacklinkState state,
                      String reason,
                      Refusal failure,
                      String title,
                      String excerpt,
                      String author,
                      String clientIp,
                      Assessment assessment,
                      Instant receivedAt,
                      Instant verifiedAt,
                      Instant updatedAt,
                      String statusToken,
                      int missingCount,
                      Interaction interaction) {

    /** The same backlink with what its source's microformats2 say. */
    public Backlink withInteraction(Interaction found) {
        return new Backlink(id, kind, source, target, site, state, reason, failure, title, excerpt, author, clientIp, assessment, receivedAt,
                           verifiedAt, updatedAt, statusToken, missingCount, found);
    }

    /** What a reader sees as the backlink's title: the page title, else its URL. */
    public String titleOrSource() {
        return title != null ? title : source;
    }

    /** Who linked: the author or blog name, else the source's host. */
    public String authorOrHost() {
        return author != null ? author : sourceHost();
    }

    /** Who wrote the linking entry: its microformats2 author's name, else {@link #authorOrHost}. */
    public String authorName() {
        return interaction.author().name() != null ? interaction.author().name() : authorOrHost();
    }

    /** The host of the source page, lower case. */
    public String sourceHost() {
        return hostOf(source);
    }

    /** The canonical host of a URL ({@link Hosts#canonical}), or "" when it has none. */
    public static String hostOf(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null ? "" : Hosts.canonical(host);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Who may see it. */
    public ModerationStatus status() {
        return state.status();
    }

    /** What the last check of its source found. */
    public CheckState check() {
        return state.check();
    }

    /**
     * What a check found on the source page (or a sender claimed), to store: characters XML
     * forbids are dropped, and over-long values are cut to what the database columns hold.
     */
    public record Details(String title, String excerpt, String author) {

        public static final int MAX_TITLE = 250;
        public static final int MAX_EXCERPT = 1000;
        public static final int MAX_AUTHOR = 250;

        public Details {
            title = Text.cap(Text.xmlSafe(title), MAX_TITLE);
            excerpt = Text.cap(Text.xmlSafe(excerpt), MAX_EXCERPT);
            author = Text.cap(Text.xmlSafe(author), MAX_AUTHOR);
        }
    }
}
