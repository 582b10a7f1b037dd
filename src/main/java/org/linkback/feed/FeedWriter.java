package org.linkback.feed;

/**
 * Renders backlinks in one feed format. Output must depend only on the backlinks (no clock),
 * so equal content gives equal ETags.
 */
interface FeedWriter {

    /** The Content-Type of what {@link #write} makes. */
    String contentType();

    /** The feed document. */
    byte[] write(FeedContent backlinks);
}
