package org.linkback.i18n;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;

/**
 * The words of one language. A message is an ICU MessageFormat pattern with named arguments,
 * so plurals follow the language's CLDR rules ("1 Antwort", "2 Antworten"; Arabic's six forms)
 * and nothing is pluralised by adding an "s".
 */
public final class Messages {

    private final String tag;
    private final ULocale locale;
    private final Map<String, String> patterns;
    private final Messages fallback;

    Messages(String tag, Map<String, String> patterns, Messages fallback) {
        this.tag = tag;
        this.locale = ULocale.forLanguageTag(tag);
        this.patterns = Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
        this.fallback = fallback;
    }

    /** The BCP 47 tag, as {@code <html lang>} wants it: {@code de}, {@code zh-Hans}. */
    public String tag() {
        return tag;
    }

    /** {@code rtl} for Arabic and Hebrew, else {@code ltr}: the value of a {@code dir} attribute. */
    public String dir() {
        return locale.isRightToLeft() ? "rtl" : "ltr";
    }

    /**
     * The message of this key with its arguments given as name, value pairs:
     * {@code text("widget.count.reply", "count", 2)}. A key this language lacks is said in English.
     */
    public String text(String key, Object... namesAndValues) {
        String pattern = patterns.get(key);
        if (pattern == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("no message " + key);
            }
            return fallback.text(key, namesAndValues);
        }
        Map<String, Object> arguments = new HashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        // a MessageFormat is not thread-safe and cheap to make: one per use
        return new MessageFormat(pattern, locale).format(arguments);
    }

    /** The raw patterns whose keys start with this prefix (the admin page's script formats them itself). */
    public Map<String, String> patterns(String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        if (fallback != null) {
            found.putAll(fallback.patterns(prefix));
        }
        patterns.forEach((key, pattern) -> {
            if (key.startsWith(prefix)) {
                found.put(key, pattern);
            }
        });
        return found;
    }

    /**
     * A formatter of days in this language's long style ("30. November 2026", "2026년 11월 30일"),
     * in UTC. One per page: a DateFormat is not thread-safe.
     */
    public Function<Instant, String> dates() {
        DateFormat format = DateFormat.getDateInstance(DateFormat.LONG, locale);
        format.setTimeZone(TimeZone.GMT_ZONE);
        return instant -> format.format(java.util.Date.from(instant));
    }

    ULocale locale() {
        return locale;
    }

    Map<String, String> own() {
        return patterns;
    }
}
