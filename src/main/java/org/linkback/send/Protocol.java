package org.linkback.send;

import java.util.Locale;

/** How a target page wants to be told about a link, in our order of preference. */
public enum Protocol {
    WEBMENTION, PINGBACK, TRACKBACK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
