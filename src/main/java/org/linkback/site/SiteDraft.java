package org.linkback.site;

import java.util.List;

/**
 * A site as a request describes it, before it is checked: every field as text, null when not
 * given (a PATCH changes only what it gives).
 *
 * @param trailingSlash "keep" or "ignore"
 * @param moderation    "approve" or "hold"
 * @param fediverse     "off", "all" (likes and boosts too) or "replies-only"
 * @param fediverseDomain the domain of the site's handle (the blog's own, when its WebFinger sends here), or "" for ours
 */
public record SiteDraft(String name, String baseUrl, String title, List<String> aliases, String language, String feedUrl,
                        String trailingSlash, String moderation, String fediverse, String fediverseDomain) {
}
