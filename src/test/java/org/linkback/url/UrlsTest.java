package org.linkback.url;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One article, one identity.
 */
class UrlsTest {

    private static String canonical(String url) {
        return Urls.parseCanonical(url).map(URI::toString).orElse("(invalid)");
    }

    @Test
    void spellingsOfOneUrlShareOneCanonicalForm() {
        assertEquals("https://blog.example.com/post?p=1", canonical("HTTPS://Blog.Example.COM:443/post?p=1#comments"));
        assertEquals("http://blog.example.com/", canonical("http://blog.example.com:80"));
        assertEquals("http://blog.example.com:8080/a%20b", canonical("  http://blog.example.com:8080/a%20b  "));
    }

    @Test
    void pathAndQueryKeepTheirCase() {
        assertEquals("https://blog.example.com/Post?Q=A", canonical("https://blog.example.com/Post?Q=A"));
    }

    @Test
    void onlyAbsoluteHttpUrlsAreAccepted() {
        for (String bad : new String[] {"", "/relative", "ftp://x.example/", "javascript:alert(1)", "mailto:a@b.example",
                                        "http://", "http://user:pw@x.example/", "not a url", "http://x.example/" + "a".repeat(3000)}) {
            assertTrue(Urls.parseHttp(bad).isEmpty(), bad);
        }
    }

    @Test
    void theOriginIsSchemeHostAndPort() {
        assertEquals("https://blog.example.com", Urls.origin(URI.create("https://Blog.example.com:443/x")));
        assertEquals("http://127.0.0.1:8000", Urls.origin(URI.create("http://127.0.0.1:8000/blog/")));
    }
}
