package org.linkback.spam;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.nodes.Element;

/**
 * A link only in a footer, sidebar or blogroll is site-wide decoration, not a reply to our article.
 */
public final class PlacementRule implements SpamRule {

    private static final Set<String> TAGS = Set.of("footer", "aside", "nav");
    private static final Pattern NAMES = Pattern.compile("footer|sidebar|widget|blogroll");

    @Override
    public Optional<Finding> check(SpamEvidence evidence) {
        Element link = evidence.link();
        if (link == null) {
            return Optional.empty();
        }
        for (Element e = link.parent(); e != null; e = e.parent()) {
            String names = (e.id() + " " + e.className()).toLowerCase(Locale.ROOT);
            if (TAGS.contains(e.tagName()) || NAMES.matcher(names).find()) {
                return Optional.of(new Finding(0.3, "the link is only in a footer or sidebar"));
            }
        }
        return Optional.empty();
    }
}
