package org.linkback.activitypub;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One server may post only so many activities a minute; requests forged in its name do not spend its share. */
class InboxLimitTest {

    @Test
    void aServerGetsItsShareAndForgersCannotSpendIt() {
        try (PageServer blog = new PageServer(); SignedActor heidi = SignedActor.on("127.0.0.1", "heidi")) {
            blog.html("/blog/post", "<p>A post.</p>");
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/")))
                          + "  fediverse:\n    activities-per-minute-per-host: 2\n";
            try (TestLinkback linkback = TestLinkback.start(yaml)) {
                for (int i = 0; i < 5; i++) {
                    assertEquals(401, heidi.post(linkback, "/ap/inbox", heidi.activity("Like", blog.url("/blog/post")),
                                                 h -> h.put("Digest", HttpSignatures.digest(SignedActor.utf8("forged")))).statusCode());
                }
                assertEquals(202, heidi.post(linkback, "/ap/inbox", heidi.activity("Like", blog.url("/blog/post"))).statusCode());
                assertEquals(202, heidi.post(linkback, "/ap/inbox", heidi.activity("Announce", blog.url("/blog/post"))).statusCode());
                HttpResponse<String> third = heidi.post(linkback, "/ap/inbox", heidi.activity("Like", blog.url("/blog/post")));
                assertEquals(429, third.statusCode());
                assertTrue(third.headers().firstValue("Retry-After").isPresent());
            }
        }
    }
}
