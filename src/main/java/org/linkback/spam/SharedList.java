package org.linkback.spam;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A shared blocklist as communities publish them: plain text, one host or {@code *.domain} a
 * line, {@code #} comments (whole lines or after an entry), and hosts-file lines
 * ({@code 0.0.0.0 host}, {@code 127.0.0.1 host}) read as their host. Lines that are none of these
 * are skipped. Pure: what a list's text says.
 */
public final class SharedList {

    /** More entries than this make a list suspect (a mistake, or junk): its last good copy stays. */
    public static final int MAX_ENTRIES = 200_000;
    private static final Set<String> NOT_HOSTS = Set.of("localhost", "localhost.localdomain", "local", "broadcasthost",
                                                        "0.0.0.0", "127.0.0.1", "::1", "ip6-localhost", "ip6-loopback");

    private SharedList() {
    }

    /** Why a list's text is not a list of hosts. */
    public static final class Unusable extends Exception {
        public Unusable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The patterns of a list, in their stored spelling ({@link Blocklist#normalise}).
     *
     * @throws Unusable when it is HTML (an error page), names no host at all, or has more than {@link #MAX_ENTRIES}
     */
    public static Set<String> read(String text) throws Unusable {
        String start = text.stripLeading().toLowerCase(java.util.Locale.ROOT);
        if (start.startsWith("<!doctype") || start.startsWith("<html") || start.startsWith("<?xml") || start.startsWith("<head")) {
            throw new Unusable("the list is an HTML or XML page, not a list of hosts");
        }
        Set<String> patterns = new LinkedHashSet<>();
        for (String raw : text.split("\r?\n|\r")) {
            entry(raw).ifPresent(patterns::add);
            if (patterns.size() > MAX_ENTRIES) {
                throw new Unusable("the list has more than " + MAX_ENTRIES + " entries");
            }
        }
        if (patterns.isEmpty()) {
            throw new Unusable("the list names no host");
        }
        return patterns;
    }

    private static Optional<String> entry(String raw) {
        int hash = raw.indexOf('#');
        String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = line.split("\\s+");
        if (fields.length == 1) {
            return Blocklist.normalise(fields[0]);
        }
        boolean hostsFile = fields[0].equals("0.0.0.0") || fields[0].equals("127.0.0.1") || fields[0].equals("::") || fields[0].equals("::1");
        // a hosts file's own lines (127.0.0.1 localhost …) name no spam host
        return hostsFile && !NOT_HOSTS.contains(fields[1].toLowerCase(java.util.Locale.ROOT)) ? Blocklist.normalise(fields[1]) : Optional.empty();
    }
}
