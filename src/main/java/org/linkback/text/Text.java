package org.linkback.text;

/**
 * Remote text made safe to store and to show: every title, excerpt and author that came from a
 * page or a sender passes here before it is stored, so no stored value can make an XML answer
 * (feeds, TrackBack RSS, XML-RPC) malformed.
 */
public final class Text {

    private Text() {
    }

    /**
     * Drops the characters XML 1.0 forbids: C0 controls except tab, LF and CR, U+FFFE and U+FFFF,
     * and surrogates that are not part of a pair.
     */
    public static String xmlSafe(String text) {
        if (text == null || isXmlSafe(text)) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().filter(Text::isXmlChar).forEach(safe::appendCodePoint);
        return safe.toString();
    }

    private static boolean isXmlSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++; // a valid pair
            } else if (!isXmlChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** A code point XML 1.0 allows (a lone surrogate reaches here as its own code point: refused). */
    static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD
               || (c >= 0x20 && c <= 0xD7FF)
               || (c >= 0xE000 && c <= 0xFFFD)
               || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /**
     * Text longer than max characters cut to at most max, ending with "…"; never between the two
     * halves of a surrogate pair.
     */
    public static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return cut(text, max - 1).strip() + "…";
    }

    /** The first at most max chars, one fewer where max would split a surrogate pair. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max > 0 && Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
