package org.linkback.widget;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code linkback.widget.avatars: false}: no image from another site in the widget or the embed page. */
class AvatarsOffTest {

    @Test
    void neitherTheWidgetNorTheEmbedPageShowsAuthorsPictures() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")))
                                                                .replace("linkback:\n", "linkback:\n  widget:\n    avatars: false\n"))) {
            String post = blogs.url("/blog/post");
            blogs.html("/blog/post", "<p>article</p>");
            blogs.html("/like", "<div class=\"h-entry\"><a class=\"u-like-of\" href=\"" + post + "\">liked</a>"
                                + "<span class=\"p-author h-card\"><img class=\"u-photo\" src=\"/bob.png\" alt=\"\">"
                                + "<a class=\"p-name u-url\" href=\"/bob/\">Bob</a></span></div>");
            String form = "source=" + URLEncoder.encode(blogs.url("/like"), StandardCharsets.UTF_8)
                          + "&target=" + URLEncoder.encode(post, StandardCharsets.UTF_8);
            assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded", form).statusCode());
            String embed = "/embed?target=" + URLEncoder.encode(post, StandardCharsets.UTF_8);
            linkback.awaitBody(embed, "1 like");

            assertTrue(linkback.get("/widget.js").body().contains("/*linkback:avatars*/false"));
            HttpResponse<String> page = linkback.get(embed);
            Document html = Jsoup.parse(page.body());
            assertEquals("1 like", html.selectFirst(".count").text());
            assertEquals("B", html.selectFirst(".faces .face").text(), "the initial instead of the picture");
            assertTrue(html.select("img").isEmpty());
            assertFalse(page.headers().firstValue("Content-Security-Policy").orElse("").contains("img-src"),
                        "and the page may load no image at all");
        }
    }
}
