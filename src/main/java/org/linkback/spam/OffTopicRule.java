package org.linkback.spam;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A reply to an article usually shares a word with its title; text around the link that shares
 * none is a weak sign of a link dropped anywhere.
 */
public final class OffTopicRule implements SpamRule {

    private static final Set<String> COMMON = Set.of("about", "after", "again", "their", "there", "these", "this", "that",
                                                     "with", "from", "what", "when", "where", "which", "would", "your",
                                                     "have", "will", "into", "more", "most", "some", "than", "them",
                                                     "they", "were", "been", "being", "just", "like", "over", "only");

    @Override
    public Optional<Finding> check(SpamEvidence evidence) {
        Set<String> topic = words(evidence.targetTitle());
        if (topic.size() < 2) {
            return Optional.empty(); // too short a title to judge by
        }
        var details = evidence.details();
        Set<String> said = words((details.title() == null ? "" : details.title()) + " "
                                 + (details.excerpt() == null ? "" : details.excerpt()));
        if (said.stream().anyMatch(topic::contains)) {
            return Optional.empty();
        }
        return Optional.of(new Finding(0.2, "the text around the link is not about the target"));
    }

    static Set<String> words(String text) {
        if (text == null) {
            return Set.of();
        }
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> word.length() >= 4 && !COMMON.contains(word))
                .collect(Collectors.toSet());
    }
}
