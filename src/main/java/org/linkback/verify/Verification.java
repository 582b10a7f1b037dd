package org.linkback.verify;

/**
 * What the source page says about its link to the target. Text fields may be null.
 *
 * @param linksToTarget true when the page links to the target
 * @param title         the page's title (without the blog name part)
 * @param blogName      the blog or site the page belongs to
 * @param excerpt       about 100 characters either side of the link, whitespace collapsed
 */
public record Verification(boolean linksToTarget, String title, String blogName, String excerpt) {
}
