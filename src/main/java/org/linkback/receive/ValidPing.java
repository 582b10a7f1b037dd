package org.linkback.receive;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.linkback.config.Site;

/**
 * A ping that passed the checks that need no fetch: canonical URLs, and the site the target belongs to.
 * The target is the URL the sender named (checked as it is); the backlink is stored for its
 * {@link #article}, and the source may link to any of its {@link #variants}.
 */
public record ValidPing(URI source, URI target, Site site) {

    /** The article the target names: under the site's base URL (not an alias), slash rule applied. */
    public URI article() {
        return site.articleOf(target);
    }

    /** Every URL of the article (the target among them): a source linking to any of them links to it. */
    public List<URI> variants() {
        List<URI> variants = new ArrayList<>(site.variantsOf(article()));
        if (!variants.contains(target)) {
            variants.add(target);
        }
        return variants;
    }
}
