package org.linkback.spam;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a community's list of spam hosts says, in the forms such lists come in. */
class SharedListTest {

    @Test
    void hostsWildcardsCommentsAndHostsFileLinesAreRead() throws Exception {
        Set<String> hosts = SharedList.read("""
                # a list of spam hosts
                casino.example   # since 2026
                *.Payday.EXAMPLE
                0.0.0.0 loans.example
                127.0.0.1 localhost
                ::1 ip6-localhost
                not a host line at all
                bücher.example
                """);
        assertEquals(Set.of("casino.example", "*.payday.example", "loans.example", "xn--bcher-kva.example"), hosts);
    }

    @Test
    void anErrorPageAnEmptyListAndAHugeOneAreRefused() {
        assertThrows(SharedList.Unusable.class, () -> SharedList.read("<!DOCTYPE html><html><body>502</body></html>"));
        assertThrows(SharedList.Unusable.class, () -> SharedList.read("# nothing here\n\n"));
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i <= SharedList.MAX_ENTRIES; i++) {
            huge.append("h").append(i).append(".example\n");
        }
        SharedList.Unusable e = assertThrows(SharedList.Unusable.class, () -> SharedList.read(huge.toString()));
        assertTrue(e.getMessage().contains("more than"));
    }
}
