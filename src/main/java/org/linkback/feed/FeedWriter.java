package org.linkback.feed;

import java.net.URI;

import org.linkback.store.Mention;

/**
 * Renders backlinks in one feed format. Output must depend only on the backlinks (no clock),
 * so equal content gives equal ETags.
 */
interface FeedWriter {

    String contentType();

    byte[] write(Backlinks backlinks);

    /** What a reader sees as the entry's title: the page title, else its URL. */
    static String displayTitle(Mention m) {
        return m.title() != null ? m.title() : m.source();
    }

    /** Who linked: the author or blog name, else the source's host. */
    static String displayAuthor(Mention m) {
        return m.author() != null ? m.author() : URI.create(m.source()).getHost();
    }
}
