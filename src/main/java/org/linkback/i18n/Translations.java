package org.linkback.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import com.ibm.icu.util.ULocale;

/**
 * Every language linkback speaks, read once from {@code i18n/TAG.properties}, and the choice of
 * one for a reader: the first of the given preferences that we speak (a {@code lang} parameter,
 * the widget's {@code data-lang}, the site's {@code language}), else the best of the reader's
 * {@code Accept-Language}, else English.
 */
public final class Translations {

    /** The languages shipped, English first (the fallback of every missing word). */
    public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "pt", "it", "nl", "pl", "ru", "ja", "ko",
                                                          "zh-Hans", "ar", "he");

    private final Map<String, Messages> byTag;
    private final Messages english;

    private Translations(Map<String, Messages> byTag) {
        this.byTag = byTag;
        this.english = byTag.get("en");
    }

    public static Translations load() {
        Map<String, Messages> byTag = new LinkedHashMap<>();
        Messages english = new Messages("en", read("en"), null);
        byTag.put("en", english);
        for (String tag : LANGUAGES.subList(1, LANGUAGES.size())) {
            byTag.put(tag, new Messages(tag, read(tag), english));
        }
        return new Translations(byTag);
    }

    /** The patterns of one language's file, in the file's order, exactly as written (for tests and tools). */
    static Map<String, String> read(String tag) {
        String name = "i18n/" + tag + ".properties";
        try (InputStream in = Translations.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> patterns = new LinkedHashMap<>();
            properties.stringPropertyNames().stream().sorted().forEach(key -> patterns.put(key, properties.getProperty(key)));
            return patterns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Messages english() {
        return english;
    }

    public List<Messages> all() {
        return List.copyOf(byTag.values());
    }

    /**
     * The language to speak to a reader.
     *
     * @param preferred      tags in order of precedence, any of them null or blank or unknown
     * @param acceptLanguage the reader's {@code Accept-Language} header, or null
     */
    public Messages choose(List<String> preferred, String acceptLanguage) {
        for (String tag : preferred) {
            Optional<Messages> found = speaking(tag);
            if (found.isPresent()) {
                return found.get();
            }
        }
        for (String tag : ranges(acceptLanguage)) {
            Optional<Messages> found = speaking(tag);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return english;
    }

    /**
     * The language we speak that matches this tag: the same language in the same script once
     * likely subtags are added, so {@code de-AT} is German, {@code pt-BR} Portuguese and
     * {@code zh-CN} Simplified Chinese, while {@code zh-TW} (Traditional) matches nothing.
     */
    public Optional<Messages> speaking(String tag) {
        if (tag == null || tag.isBlank() || tag.strip().equals("*")) {
            return Optional.empty();
        }
        // "de_DE" is a common way of writing de-DE; an ill-formed or undetermined tag names no language
        ULocale asked = ULocale.forLanguageTag(tag.strip().replace('_', '-'));
        if (asked.getLanguage().isEmpty() || asked.getLanguage().equals("und")) {
            return Optional.empty();
        }
        ULocale wanted = ULocale.addLikelySubtags(asked);
        return byTag.values().stream()
                .filter(messages -> {
                    ULocale ours = ULocale.addLikelySubtags(messages.locale());
                    return ours.getLanguage().equals(wanted.getLanguage()) && Objects.equals(ours.getScript(), wanted.getScript());
                })
                .findFirst();
    }

    /** The ranges of an Accept-Language header, best first; none when it cannot be read. */
    private static List<String> ranges(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1024) {
            return List.of();
        }
        try {
            List<String> tags = new ArrayList<>();
            // parse() sorts by q, drops q=0, and keeps the order of equal weights
            Locale.LanguageRange.parse(acceptLanguage).forEach(range -> tags.add(range.getRange()));
            return tags;
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
