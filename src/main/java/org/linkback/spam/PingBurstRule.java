package org.linkback.spam;

import java.time.Duration;
import java.util.Optional;

/**
 * Spam waves, told apart from busy honest senders. Volume alone is not evidence: a WordPress
 * post with dozens of links, a multi-blog host or an aggregator such as Bridgy sends many pings
 * from one IP. Two things are:
 * <ul>
 *   <li>one client IP pinging for many <em>different source hosts</em> (throwaway domains):
 *       a corroborating finding, which only adds weight to another rule's finding;</li>
 *   <li>a source host whose recent backlinks were found to be spam: a finding of its own.</li>
 * </ul>
 * Trusted senders ({@code moderation.trusted-senders}) are never scored by this rule.
 */
public final class PingBurstRule implements SpamRule {

    /** The recent window the counts in {@link SpamEvidence} cover. */
    public static final Duration WINDOW = Duration.ofMinutes(10);
    static final int MANY_HOSTS = 10;
    static final int VERY_MANY_HOSTS = 30;
    static final int SPAM_FROM_HOST = 3;

    @Override
    public Optional<Finding> check(SpamEvidence evidence) {
        if (evidence.trustedSender()) {
            return Optional.empty();
        }
        var recent = evidence.recent();
        if (recent.spamFromSourceHost() >= SPAM_FROM_HOST) {
            return Optional.of(new Finding(0.5, recent.spamFromSourceHost() + " backlinks from this source host were spam in the last "
                                                + WINDOW.toMinutes() + " minutes"));
        }
        int hosts = recent.sourceHostsFromClientIp();
        if (hosts >= MANY_HOSTS) {
            return Optional.of(Finding.corroborating(hosts >= VERY_MANY_HOSTS ? 0.4 : 0.2,
                                                     "pings for " + hosts + " different source hosts from this client IP in "
                                                     + WINDOW.toMinutes() + " minutes"));
        }
        return Optional.empty();
    }
}
