package org.linkback.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class TextTest {

    @Test
    void xmlSafeDropsWhatXml10Forbids() {
        assertEquals("Niceread", Text.xmlSafe("Nice\u0001read"));
        assertEquals("a\tb\nc\rd", Text.xmlSafe("a\tb\nc\rd"));
        assertEquals("ab", Text.xmlSafe("a\uFFFE\uFFFFb"));
        assertEquals("ab", Text.xmlSafe("a\uD800b"));          // lone high surrogate
        assertEquals("ab", Text.xmlSafe("a\uDC00b"));          // lone low surrogate
        assertEquals("a", Text.xmlSafe("a\uD83D"));            // high surrogate at the end
        assertEquals("a😀b", Text.xmlSafe("a😀b"));             // a pair stays
        assertNull(Text.xmlSafe(null));
    }

    @Test
    void cleanTextIsReturnedAsItIs() {
        String clean = "Fish & Chips <3 — “quoted” 日本語 😀";
        assertSame(clean, Text.xmlSafe(clean));
    }

    @Test
    void capNeverSplitsASurrogatePair() {
        String title = "x".repeat(8) + "😀" + "tail";   // the emoji's halves are chars 8 and 9
        assertEquals("xxxxxxxx…", Text.cap(title, 10));     // would end in a lone high surrogate at 9
        assertEquals("xxxxxxxx😀…", Text.cap(title, 11));
        assertEquals("short", Text.cap("short", 10));
        assertEquals("xxxxxxxx", Text.cut(title, 9));
    }
}
