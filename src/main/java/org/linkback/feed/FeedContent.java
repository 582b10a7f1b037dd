package org.linkback.feed;

import java.time.Instant;
import java.util.List;

import org.linkback.backlink.Backlink;

/**
 * What a backlink feed shows: one article's or one site's approved backlinks, newest first.
 *
 * @param title    feed title
 * @param homeUrl  the article or site the backlinks point to
 * @param selfUrl  this feed's own URL
 * @param mentions approved backlinks, newest first
 * @param updated  time of the newest backlink (or of server start for an empty feed)
 */
public record FeedContent(String title, String homeUrl, String selfUrl, List<Backlink> mentions, Instant updated) {

    /** A feed of these backlinks, with its own URL. */
    public static FeedContent of(PublishedBacklinks.Found found, String selfUrl) {
        return new FeedContent(found.title(), found.homeUrl(), selfUrl, found.mentions(), found.lastChanged());
    }
}
