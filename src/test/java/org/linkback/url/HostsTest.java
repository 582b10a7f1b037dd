package org.linkback.url;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostsTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.3, 127.0.0.3",
        "2130706435, 127.0.0.3",
        "127.000.000.003, 127.0.0.3",
        "0177.0.0.3, 127.0.0.3",
        "0x7f.0.0.3, 127.0.0.3",
        "0x7f000003, 127.0.0.3",
        "127.3, 127.0.0.3",
        "127.0.3, 127.0.0.3",
        "[::ffff:127.0.0.3], 127.0.0.3",
        "[::ffff:7f00:3], 127.0.0.3",
        "[0:0:0:0:0:ffff:7f00:3], 127.0.0.3",
        "[::1], 0:0:0:0:0:0:0:1",
        "[2001:DB8::1], 2001:db8:0:0:0:0:0:1",
        "vm., vm",
        "VM, vm",
        "Spam.Example., spam.example",
        "bücher.example, xn--bcher-kva.example",
        "BÜCHER.example, xn--bcher-kva.example",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "256.1.1.1, 256.1.1.1",
        "1.2.3.4.5, 1.2.3.4.5",
    })
    void everySpellingOfAHostHasOneCanonicalForm(String spelling, String canonical) {
        assertEquals(canonical, Hosts.canonical(spelling));
    }
}
