package org.linkback.receive;

import java.net.URI;

import org.linkback.config.Site;

/**
 * A ping that passed the checks that need no fetch: canonical URLs, and the site the target belongs to.
 */
public record ValidPing(URI source, URI target, Site site) {
}
