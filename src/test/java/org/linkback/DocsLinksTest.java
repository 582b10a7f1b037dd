package org.linkback;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README and the pages under {@code docs/} hold together: every relative link
 * ({@code [text](path)}, {@code [text](path#anchor)}, {@code [text](#anchor)}, images too) names a file
 * that exists, and every anchor names a heading of its target as GitHub spells it ({@link #slug});
 * the README stays short (at most 12 KiB) and each docs page says first whom it is for.
 * Links to {@code http:}, {@code https:} and {@code mailto:} are not followed. Pure file reading, no server.
 */
class DocsLinksTest {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");

    /** {@code [text](target)} or {@code ![alt](target)}, with an optional {@code "title"}. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** An ATX heading: one to six {@code #}, a space, the text (closing {@code #}s dropped). */
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
    /** Explicit anchors: {@code <a id="x">}, {@code <a name="x">}. */
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path page : pages()) {
            int lineNumber = 0;
            for (String line : prose(page)) {
                lineNumber++;
                if (line == null) {
                    continue;
                }
                Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll("``"));
                while (link.find()) {
                    String target = link.group(1);
                    String problem = problem(page, target, anchors);
                    if (problem != null) {
                        broken.add(page + ":" + lineNumber + ": (" + target + ") " + problem);
                    }
                }
            }
        }
        assertTrue(broken.isEmpty(), broken.size() + " broken link(s):\n  " + String.join("\n  ", broken));
    }

    @Test
    void theReadmeIsAtMost12KiB() throws IOException {
        long size = Files.size(README);
        assertTrue(size <= 12 * 1024, "README.md is " + size + " bytes; at most " + 12 * 1024
                                      + ": move the details into docs/");
    }

    @Test
    void everyDocsPageSaysFirstWhomItIsFor() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path page : pages()) {
            if (page.equals(README)) {
                continue;
            }
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            int i = 0;
            while (i < lines.size() && lines.get(i).isBlank()) {
                i++;
            }
            if (i >= lines.size() || !lines.get(i).startsWith("# ")) {
                wrong.add(page + ": does not start with a '# Title' line");
                continue;
            }
            i++;
            while (i < lines.size() && lines.get(i).isBlank()) {
                i++;
            }
            if (i >= lines.size() || !lines.get(i).startsWith("For ")) {
                wrong.add(page + ": the first paragraph after the title should start with \"For \" (whom the page is for)");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("get-discoverytargeturl--what-to-paste-into-an-article",
                     slug("`GET /discovery?target=URL` — what to paste into an article"));
        assertEquals("moving-in-from-wordpress-or-webmentionio", slug("Moving in from WordPress or webmention.io"));
        assertEquals("3-several-processes", slug("3. Several processes"));
        assertEquals("the_key-table", slug("The_Key table"));
        assertEquals("read-the-docs", slug("Read [the docs](api.md)"));
    }

    /** README.md and every docs/*.md. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(README);
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The page's lines, with the lines inside fenced code blocks (and the fences) as null. */
    private static List<String> prose(Path page) throws IOException {
        List<String> lines = new ArrayList<>();
        String fence = null;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            String trimmed = line.stripLeading();
            if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                fence = trimmed.substring(0, 3);
                lines.add(null);
            } else if (fence != null) {
                if (trimmed.startsWith(fence)) {
                    fence = null;
                }
                lines.add(null);
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Why a link from {@code page} to {@code target} is broken, or null when it is not. */
    private static String problem(Path page, String target, Map<Path, Set<String>> anchors) throws IOException {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:")) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path file = page;
        if (!path.isEmpty()) {
            Path parent = page.toAbsolutePath().getParent();
            file = parent.resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
            if (!Files.exists(file)) {
                return "no such file " + Path.of("").toAbsolutePath().relativize(file);
            }
        }
        if (anchor == null) {
            return null;
        }
        if (!file.getFileName().toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        Set<String> known = anchors.computeIfAbsent(file.toAbsolutePath().normalize(), DocsLinksTest::anchorsOf);
        return known.contains(anchor) ? null : "no heading with the anchor #" + anchor + " in " + file.getFileName();
    }

    /** Every anchor a Markdown file has: its headings' slugs, duplicates numbered -1, -2 …, and explicit HTML anchors. */
    private static Set<String> anchorsOf(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        try {
            for (String line : prose(file)) {
                if (line == null) {
                    continue;
                }
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    String slug = slug(heading.group(2));
                    int n = seen.merge(slug, 1, Integer::sum) - 1;
                    anchors.add(n == 0 ? slug : slug + "-" + n);
                }
                Matcher html = HTML_ANCHOR.matcher(line);
                while (html.find()) {
                    anchors.add(html.group(1));
                }
            }
        } catch (IOException e) {
            fail("cannot read " + file + ": " + e);
        }
        return anchors;
    }

    /**
     * A heading's anchor as GitHub makes it: links reduced to their text, lower case, every character
     * that is not a letter, a digit, a space, '-' or '_' removed (so `code`, dots, slashes and dashes
     * such as '—' go), each space then a '-' (two spaces make "--"). Duplicates are numbered by the caller.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
