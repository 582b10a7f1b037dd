package org.linkback.send;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The links of HTTP {@code Link} header values (RFC 8288): {@code <uri>; rel="a b", <uri2>; rel=c}.
 * Commas and semicolons inside {@code <...>} or quotes do not split.
 */
final class LinkHeader {

    /** One link: its URI reference as written and its relation types, lower case. */
    record Link(String uri, Set<String> rels) {
    }

    private LinkHeader() {
    }

    /** Every link of every value, in order. */
    static List<Link> parse(List<String> values) {
        List<Link> links = new ArrayList<>();
        for (String value : values) {
            for (String part : split(value, ',')) {
                int open = part.indexOf('<');
                int close = part.indexOf('>', open + 1);
                if (open < 0 || close < 0) {
                    continue;
                }
                String uri = part.substring(open + 1, close).strip();
                links.add(new Link(uri, rels(part.substring(close + 1))));
            }
        }
        return links;
    }

    private static Set<String> rels(String params) {
        for (String param : split(params, ';')) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("rel")) {
                String value = param.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Arrays.stream(value.strip().split("\\s+"))
                        .map(rel -> rel.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
            }
        }
        return Set.of();
    }

    /** Splits at separator, but not inside {@code <...>} or double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean inUri = false;
        boolean inQuotes = false;
        for (char c : text.toCharArray()) {
            if (c == '<' && !inQuotes) {
                inUri = true;
            } else if (c == '>' && !inQuotes) {
                inUri = false;
            } else if (c == '"' && !inUri) {
                inQuotes = !inQuotes;
            }
            if (c == separator && !inUri && !inQuotes) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}
