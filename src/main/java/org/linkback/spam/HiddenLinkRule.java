package org.linkback.spam;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jsoup.nodes.Element;

/**
 * A link readers cannot see (display:none, visibility:hidden, hidden) exists only for us;
 * one marked rel="sponsored" was paid for.
 */
public final class HiddenLinkRule implements SpamRule {

    private static final Pattern HIDING = Pattern.compile(
            "display\\s*:\\s*none|visibility\\s*:\\s*hidden|font-size\\s*:\\s*0(px|em|rem|%)?\\s*(;|$)|opacity\\s*:\\s*0\\s*(;|$)");

    @Override
    public Optional<Finding> check(SpamEvidence evidence) {
        Element link = evidence.link();
        if (link == null) {
            return Optional.empty();
        }
        for (Element e = link; e != null; e = e.parent()) {
            if (e.hasAttr("hidden") || "true".equals(e.attr("aria-hidden"))
                    || HIDING.matcher(e.attr("style").toLowerCase(Locale.ROOT)).find()) {
                return Optional.of(new Finding(0.6, "the link is hidden from readers"));
            }
        }
        if (link.attr("rel").toLowerCase(Locale.ROOT).contains("sponsored")) {
            return Optional.of(new Finding(0.3, "the link is marked rel=\"sponsored\""));
        }
        return Optional.empty();
    }
}
