package org.linkback.verify;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What the source page says about its link to the target. Text fields may be null.
 *
 * @param linksToTarget true when the page links to the target
 * @param title         the page's title (without the blog name part)
 * @param blogName      the blog or site the page belongs to
 * @param excerpt       about 100 characters either side of the link, whitespace collapsed
 * @param page          the parsed page, for the spam rules; null for a non-HTML source
 * @param link          the {@code <a>} element that links to the target, or null
 */
public record Verification(boolean linksToTarget, String title, String blogName, String excerpt, Document page, Element link) {
}
