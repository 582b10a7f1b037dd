package org.linkback.spam;

import java.net.URI;
import java.util.Set;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.backlink.Backlink;

/**
 * Everything the spam rules look at for one ping.
 *
 * @param page          the parsed source page, or null for a non-HTML source
 * @param link          the link to the target on that page, or null
 * @param details       title, excerpt and author as they will be stored
 * @param targetTitle   the title of our article, or null
 * @param recent        the sender's recent backlinks, within {@link PingBurstRule#WINDOW}
 * @param trustedSender the client IP or the source host is in {@code moderation.trusted-senders}
 * @param site          the site of the target, or null
 * @param tokens        what the learned filter reads of the page ({@link LearnedFilter#tokens})
 */
public record SpamEvidence(Document page,
                           Element link,
                           URI source,
                           URI target,
                           Backlink.Details details,
                           String targetTitle,
                           RecentActivity recent,
                           boolean trustedSender,
                           String site,
                           Set<String> tokens) {

    public SpamEvidence(Document page, Element link, URI source, URI target, Backlink.Details details, String targetTitle,
                        RecentActivity recent, boolean trustedSender) {
        this(page, link, source, target, details, targetTitle, recent, trustedSender, null, Set.of());
    }
}
