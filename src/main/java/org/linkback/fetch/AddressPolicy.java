package org.linkback.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.function.Predicate;

import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves host names for the HTTP client and refuses addresses that are not public.
 * The client connects only to the addresses returned here, so the address checked
 * is the address connected: a DNS answer cannot change between check and use.
 * IP literals (every spelling: {@code 2130706433}, {@code [::ffff:127.0.0.1]}) come here too.
 */
final class AddressPolicy implements DnsResolver {

    private final boolean allowPrivate;
    private final Predicate<InetAddress> blocked;

    AddressPolicy(boolean allowPrivate, Predicate<InetAddress> blocked) {
        this.allowPrivate = allowPrivate;
        this.blocked = blocked;
    }

    @Override
    public InetAddress[] resolve(String hostname) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(hostname);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.Failure.UNKNOWN_HOST, "unknown host " + hostname);
        }
        InetAddress[] unblocked = Arrays.stream(all).filter(address -> !blocked.test(address)).toArray(InetAddress[]::new);
        if (unblocked.length == 0) {
            throw new FetchException(FetchException.Failure.BLOCKED, hostname + " is on the blocklist");
        }
        InetAddress[] allowed = Arrays.stream(unblocked)
                .filter(address -> allowPrivate || isPublic(address))
                .toArray(InetAddress[]::new);
        if (allowed.length == 0) {
            throw new FetchException(FetchException.Failure.FORBIDDEN_ADDRESS, hostname + " resolves to a non-public address");
        }
        return allowed;
    }

    @Override
    public String resolveCanonicalHostname(String hostname) {
        return hostname; // never asked for without Kerberos/SPNEGO, which the fetcher does not use
    }

    /**
     * False for loopback, private, link-local, multicast, unspecified and other reserved ranges.
     */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0                                   // "this" network
                    || first == 10
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    || first == 127
                    || (first == 169 && second == 254)
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)   // IETF protocol assignments
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 2)   // TEST-NET-1
                    || (first == 192 && second == 168)
                    || (first == 198 && (second == 18 || second == 19))      // benchmarking
                    || (first == 198 && second == 51 && (b[2] & 0xff) == 100) // TEST-NET-2
                    || (first == 203 && second == 0 && (b[2] & 0xff) == 113)  // TEST-NET-3
                    || first >= 224);                                        // multicast, reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {         // fc00::/7 unique local
                return false;
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false;                     // 2001:db8::/32 documentation
            }
            if (isIpv4Embedded(b)) {              // ::ffff:a.b.c.d and ::a.b.c.d hide an IPv4 address
                return isPublic(ipv4(b));
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {
                return false;                     // 6to4 can wrap any IPv4 address
            }
            if (first == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
                return false;                     // Teredo 2001::/32 wraps an (obfuscated) IPv4 address
            }
            if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                if (b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0) {
                    return isPublic(ipv4(b));     // NAT64 64:ff9b::/96: the IPv4 address in its last 32 bits decides
                }
                return false;                     // 64:ff9b:1::/48, NAT64 for local networks
            }
            if (first == 0x00 && b[1] == 0 && b[2] == 0 && b[3] == 0) {
                return false;                     // other reserved ::/8 forms
            }
            return true;
        }
        return false;
    }

    /** The IPv4 address in the last 32 bits of an IPv6 address. */
    private static InetAddress ipv4(byte[] ipv6) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(ipv6, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static boolean isIpv4Embedded(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == 0 && b[11] == 0) || ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff);
    }
}
