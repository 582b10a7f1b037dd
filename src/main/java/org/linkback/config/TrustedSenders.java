package org.linkback.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code moderation.trusted-senders}: client IPs, networks (CIDR) and source hosts whose clean
 * backlinks the burst rule never holds, e.g. an aggregator's addresses or a multi-blog host.
 * {@code *.example.com} trusts the domain and its subdomains. IP entries are read as literals,
 * never looked up in DNS.
 */
public record TrustedSenders(List<Network> networks, List<String> hosts) {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    public static final TrustedSenders NONE = new TrustedSenders(List.of(), List.of());

    public TrustedSenders {
        networks = List.copyOf(networks);
        hosts = List.copyOf(hosts);
    }

    /** An address range: {@code prefixBits} leading bits of {@code address}. */
    public record Network(byte[] address, int prefixBits) {

        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (other[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * @throws IllegalArgumentException for an entry that is neither an IP, a CIDR nor a host name
     */
    public static TrustedSenders parse(List<String> entries) {
        List<Network> networks = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            if (IP_LITERAL.matcher(address).matches()) {
                byte[] bytes = literal(address).orElseThrow(
                        () -> new IllegalArgumentException("moderation.trusted-senders: not an IP address: " + raw));
                int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("moderation.trusted-senders: bad prefix length: " + raw);
                }
                networks.add(new Network(bytes, bits));
            } else if (!entry.isEmpty()) {
                hosts.add(entry.endsWith(".") ? entry.substring(0, entry.length() - 1) : entry);
            }
        }
        return new TrustedSenders(networks, hosts);
    }

    /** True when the client IP lies in a trusted network or the source host is trusted. */
    public boolean trusts(String clientIp, String sourceHost) {
        if (clientIp != null && IP_LITERAL.matcher(clientIp).matches()) {
            var bytes = literal(clientIp);
            if (bytes.isPresent() && networks.stream().anyMatch(network -> network.contains(bytes.get()))) {
                return true;
            }
        }
        if (sourceHost == null) {
            return false;
        }
        String host = sourceHost.toLowerCase(Locale.ROOT);
        return hosts.stream().anyMatch(trusted -> trusted.startsWith("*.")
                ? host.equals(trusted.substring(2)) || host.endsWith(trusted.substring(1))
                : host.equals(trusted));
    }

    /** The bytes of an IPv4 (dotted quad) or IPv6 literal; never a DNS query. */
    private static Optional<byte[]> literal(String ip) {
        String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        if (bare.contains(":")) {
            try {
                return Optional.of(InetAddress.getByName(bare).getAddress()); // with a colon: always parsed as IPv6
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        String[] parts = bare.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)
                    || Integer.parseInt(parts[i]) > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Optional.of(bytes);
    }
}
