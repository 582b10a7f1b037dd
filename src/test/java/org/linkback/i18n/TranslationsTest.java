package org.linkback.i18n;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.text.PluralRules;
import com.ibm.icu.util.ULocale;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every language has every word, and every plural has a form for each of its language's CLDR
 * plural categories; the reader's language is chosen in the contract's order.
 */
class TranslationsTest {

    private final Translations translations = Translations.load();

    @Test
    void everyLanguageHasEveryKeyOfEnglishAndNoOther() {
        Set<String> english = Translations.read("en").keySet();
        List<String> problems = new ArrayList<>();
        for (String tag : Translations.LANGUAGES) {
            Set<String> keys = Translations.read(tag).keySet();
            Set<String> missing = new TreeSet<>(english);
            missing.removeAll(keys);
            Set<String> extra = new TreeSet<>(keys);
            extra.removeAll(english);
            if (!missing.isEmpty()) {
                problems.add(tag + ".properties lacks " + missing);
            }
            if (!extra.isEmpty()) {
                problems.add(tag + ".properties has keys English has not " + extra);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyMessageParsesAndNamesTheSameArgumentsAsEnglish() {
        Map<String, String> english = Translations.read("en");
        List<String> problems = new ArrayList<>();
        for (String tag : Translations.LANGUAGES) {
            Translations.read(tag).forEach((key, pattern) -> {
                try {
                    Set<String> names = new MessageFormat(pattern, ULocale.forLanguageTag(tag)).getArgumentNames();
                    Set<String> expected = new MessageFormat(english.get(key), ULocale.ENGLISH).getArgumentNames();
                    if (english.containsKey(key) && !names.equals(expected)) {
                        problems.add(tag + " " + key + " names " + names + ", English " + expected);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(tag + " " + key + " does not parse: " + e.getMessage());
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPluralCoversEveryCategoryOfItsLanguage() {
        List<String> problems = new ArrayList<>();
        int plurals = 0;
        for (String tag : Translations.LANGUAGES) {
            Set<String> categories = PluralRules.forLocale(ULocale.forLanguageTag(tag)).getKeywords();
            for (Map.Entry<String, String> message : Translations.read(tag).entrySet()) {
                for (Set<String> selectors : pluralSelectors(message.getValue())) {
                    plurals++;
                    Set<String> missing = new TreeSet<>(categories);
                    missing.removeAll(selectors);
                    Set<String> unknown = new TreeSet<>(selectors);
                    unknown.removeAll(categories);
                    unknown.removeIf(s -> s.startsWith("="));
                    if (!missing.isEmpty()) {
                        problems.add(tag + " " + message.getKey() + " has no form for " + missing);
                    }
                    if (!unknown.isEmpty()) {
                        problems.add(tag + " " + message.getKey() + " has forms " + tag + " never uses: " + unknown);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(plurals >= 7 * Translations.LANGUAGES.size(), "the counts are plurals: " + plurals);
    }

    /** The selectors of each plural argument in a pattern (nested ones too). */
    private static List<Set<String>> pluralSelectors(String pattern) {
        MessagePattern parsed = new MessagePattern(pattern);
        List<Set<String>> found = new ArrayList<>();
        for (int i = 0; i < parsed.countParts(); i++) {
            MessagePattern.Part part = parsed.getPart(i);
            if (part.getType() != MessagePattern.Part.Type.ARG_START || part.getArgType() != MessagePattern.ArgType.PLURAL) {
                continue;
            }
            Set<String> selectors = new HashSet<>();
            int limit = parsed.getLimitPartIndex(i);
            for (int j = i + 1; j < limit; j++) {
                if (parsed.getPartType(j) == MessagePattern.Part.Type.ARG_SELECTOR) {
                    selectors.add(parsed.getSubstring(parsed.getPart(j)));
                    int message = parsed.getPart(j + 1).getType().hasNumericValue() ? j + 2 : j + 1;
                    j = parsed.getLimitPartIndex(message);
                }
            }
            found.add(selectors);
        }
        return found;
    }

    @Test
    void theAdminPagesScriptGetsOnlyPlainNamedArguments() {
        // app.js fills in {name}s itself; a plural or a quote there would be shown raw
        List<String> problems = new ArrayList<>();
        for (String tag : Translations.LANGUAGES) {
            Translations.read(tag).forEach((key, pattern) -> {
                if ((key.startsWith("admin.") || key.startsWith("widget.kind.")) && (pattern.contains(",") && pattern.matches("(?s).*\\{\\w+,.*")
                                                                                    || pattern.contains("'"))) {
                    problems.add(tag + " " + key + ": " + pattern);
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void pluralsFollowEachLanguagesRules() {
        Messages english = translations.speaking("en").orElseThrow();
        assertEquals("1 reply", english.text("widget.count.reply", "count", 1));
        assertEquals("2 replies", english.text("widget.count.reply", "count", 2));
        assertEquals("1 backlink", english.text("widget.count.backlinks", "count", 1));
        assertEquals("21 likes", english.text("widget.count.like", "count", 21));
        Messages japanese = translations.speaking("ja").orElseThrow();
        assertEquals(japanese.text("widget.count.reply", "count", 2).replace('2', '1'), japanese.text("widget.count.reply", "count", 1),
                     "one form for every number");
        Messages arabic = translations.speaking("ar").orElseThrow();
        Set<String> forms = new HashSet<>();
        for (int n : new int[] {0, 1, 2, 3, 11, 100}) { // zero, one, two, few, many, other
            forms.add(arabic.text("widget.count.reply", "count", n).replaceAll("[0-9\u0660-\u0669]+", "N"));
        }
        assertEquals(6, forms.size(), "six forms: " + forms);
    }

    @Test
    void datesAreTheLanguagesOwn() {
        Instant day = Instant.parse("2026-11-30T10:00:00Z");
        assertEquals("November 30, 2026", translations.english().dates().apply(day));
        assertEquals("30. November 2026", translations.speaking("de").orElseThrow().dates().apply(day));
        assertEquals("2026년 11월 30일", translations.speaking("ko").orElseThrow().dates().apply(day));
        assertEquals("30 novembre 2026", translations.speaking("fr").orElseThrow().dates().apply(day));
    }

    @Test
    void theFirstPreferenceWeSpeakWinsThenTheBrowsersThenEnglish() {
        assertEquals("de", choose("de-AT", "ko", "ja").tag(), "lang or data-lang first");
        assertEquals("ko", choose("xx", "ko", "ja").tag(), "an unknown language is passed over");
        assertEquals("ko", choose(null, "ko", "ja").tag(), "then the site's language");
        assertEquals("ja", choose(null, null, "fr;q=0.5, ja").tag(), "then the reader's best");
        assertEquals("fr", choose(null, null, "sv, fr-CA;q=0.8").tag(), "one we do not speak is passed over");
        assertEquals("en", choose(null, null, "sv").tag());
        assertEquals("en", choose(null, null, "not a header;;q=x").tag(), "an unreadable header is ignored");
        assertEquals("pt", choose("pt-BR", null, null).tag());
        assertEquals("zh-Hans", choose("zh-CN", null, null).tag());
        assertEquals("zh-Hans", choose("zh", null, null).tag());
        assertEquals("en", choose("zh-TW", null, null).tag(), "Traditional Chinese is not Simplified");
        assertEquals("he", choose("iw", null, null).tag(), "Hebrew's old code");
        assertEquals("de", choose("de_DE", null, null).tag(), "written with an underscore");
        assertEquals("ko", choose("und", "ko", null).tag(), "undetermined: the next choice");
        assertEquals("ko", choose("x-klingon", "ko", null).tag(), "a private tag: the next choice");
        assertEquals("ko", choose("1", "ko", null).tag(), "not a tag: the next choice");
    }

    @Test
    void arabicAndHebrewAreRightToLeft() {
        for (Messages words : translations.all()) {
            assertEquals(Set.of("ar", "he").contains(words.tag()) ? "rtl" : "ltr", words.dir(), words.tag());
        }
    }

    private Messages choose(String lang, String site, String acceptLanguage) {
        return translations.choose(Arrays.asList(lang, site), acceptLanguage);
    }
}
