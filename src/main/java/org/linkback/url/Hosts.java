package org.linkback.url;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * One spelling for each host, so a block on a host holds whatever spelling a sender uses:
 * names lower case, without a trailing dot, internationalised names in punycode; IP literals in
 * every form a URL parser accepts (dotted decimal, a single number, octal {@code 0177}, hex
 * {@code 0x7f}, fewer than four parts, {@code [::ffff:…]}) as the canonical text of their address,
 * IPv4 inside IPv6 as plain IPv4.
 */
public final class Hosts {

    private Hosts() {
    }

    /** The canonical spelling of a host (as in a URL, brackets allowed for IPv6). */
    public static String canonical(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        Optional<InetAddress> literal = ipLiteral(h);
        if (literal.isPresent()) {
            return literal.get().getHostAddress();
        }
        h = h.toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        try {
            return IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return h; // not a valid IDN: compare as written
        }
    }

    /** The address an IP literal stands for (never a DNS query), or empty for a name. */
    public static Optional<InetAddress> ipLiteral(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            if (h.contains(":")) {
                InetAddress address = InetAddress.getByName(h); // with a colon, Java parses an IPv6 literal only
                return Optional.of(unwrap(address));
            }
            return ipv4(h.endsWith(".") ? h.substring(0, h.length() - 1) : h);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** IPv4 in the URL standard's forms: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x). */
    private static Optional<InetAddress> ipv4(String h) throws UnknownHostException {
        String[] parts = h.split("\\.", -1);
        if (parts.length == 0 || parts.length > 4) {
            return Optional.empty();
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> n = number(parts[i]);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            numbers[i] = n.get();
        }
        long value = 0;
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return Optional.empty();
            }
            value = value << 8 | numbers[i];
        }
        int lastBytes = 5 - numbers.length;
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * lastBytes)) {
            return Optional.empty();
        }
        value = value << (8 * lastBytes) | last;
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return Optional.of(InetAddress.getByAddress(bytes));
    }

    private static Optional<Long> number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return Optional.empty();
        }
        String p = part.toLowerCase(Locale.ROOT);
        int radix = 10;
        if (p.startsWith("0x")) {
            radix = 16;
            p = p.substring(2);
            if (p.isEmpty()) {
                return Optional.of(0L);
            }
        } else if (p.length() > 1 && p.startsWith("0")) {
            radix = 8;
            p = p.substring(1);
        }
        try {
            return Optional.of(Long.parseLong(p, radix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** IPv4 wrapped in IPv6 (mapped, compatible, NAT64) as IPv4; other addresses as they are. */
    public static InetAddress unwrap(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = zeros && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
            if (mapped || compatible) {
                try {
                    return Inet4Address.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }
}
