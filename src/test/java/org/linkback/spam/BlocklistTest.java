package org.linkback.spam;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Host patterns: exact hosts and *.domain.
 */
class BlocklistTest {

    @Test
    void anExactPatternBlocksOnlyThatHost() {
        assertTrue(Blocklist.matches("spam.example", "spam.example"));
        assertFalse(Blocklist.matches("spam.example", "www.spam.example"));
        assertFalse(Blocklist.matches("spam.example", "notspam.example"));
    }

    @Test
    void aWildcardBlocksTheDomainAndEverythingUnderIt() {
        assertTrue(Blocklist.matches("*.spam.example", "spam.example"));
        assertTrue(Blocklist.matches("*.spam.example", "a.b.spam.example"));
        assertFalse(Blocklist.matches("*.spam.example", "notspam.example"));
    }

    @Test
    void patternsAreNormalisedOrRefused() {
        assertEquals("spam.example", Blocklist.normalise(" Spam.Example. ").orElseThrow());
        assertEquals("*.spam.example", Blocklist.normalise("*.spam.example").orElseThrow());
        assertTrue(Blocklist.normalise("http://spam.example/").isEmpty());
        assertTrue(Blocklist.normalise("*").isEmpty());
        assertTrue(Blocklist.normalise("spam.*.example").isEmpty());
        assertTrue(Blocklist.normalise("").isEmpty());
    }
}
