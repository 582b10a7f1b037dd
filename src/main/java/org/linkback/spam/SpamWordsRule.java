package org.linkback.spam;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Words that link spam uses and blogs about blogging rarely do, in the title, excerpt or blog name.
 */
public final class SpamWordsRule implements SpamRule {

    private static final List<String> WORDS = List.of(
            "viagra", "cialis", "levitra", "casino", "poker", "slot machine", "online slots", "porn", "xxx", "escort",
            "payday loan", "cheap pills", "replica watches", "weight loss pills", "buy followers", "crypto giveaway",
            "forex signals", "essay writing service", "seo services", "cheap jerseys", "free bitcoin");
    private static final Map<String, Pattern> PATTERNS = WORDS.stream()
            .collect(Collectors.toMap(word -> word, word -> Pattern.compile("\\b" + Pattern.quote(word) + "\\b")));

    @Override
    public Optional<Finding> check(SpamEvidence evidence) {
        var details = evidence.details();
        String text = String.join(" ", nonNull(details.title()), nonNull(details.excerpt()), nonNull(details.author()))
                .toLowerCase(Locale.ROOT);
        List<String> found = WORDS.stream().filter(word -> PATTERNS.get(word).matcher(text).find()).toList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(found.size() == 1 ? 0.5 : 0.8, "spam words: " + String.join(", ", found)));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
