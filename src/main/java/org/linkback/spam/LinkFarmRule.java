package org.linkback.spam;

import java.util.Optional;

/**
 * A page with hundreds of links is more often a link farm than an article.
 */
public final class LinkFarmRule implements SpamRule {

    static final int MANY = 100;
    static final int VERY_MANY = 300;

    @Override
    public Optional<Finding> check(SpamEvidence evidence) {
        if (evidence.page() == null) {
            return Optional.empty();
        }
        int links = evidence.page().select("a[href]").size();
        if (links > VERY_MANY) {
            return Optional.of(new Finding(0.6, "link farm: the source page has " + links + " links"));
        }
        if (links > MANY) {
            return Optional.of(new Finding(0.3, "many links: the source page has " + links + " links"));
        }
        return Optional.empty();
    }
}
