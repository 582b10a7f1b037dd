package org.linkback.feed;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One article, all its URLs: a site served under two origins (an alias, as http:// beside
 * https:// or a www. host would be) with trailing slashes ignored. PublishedBacklinks to any of them land
 * on one article, and its feed, asked for under any of them, shows them all.
 */
class AliasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backlinksToAnAliasOrWithOrWithoutTheSlashLandOnOneArticle() throws Exception {
        try (PageServer site = new PageServer(); PageServer alias = PageServer.on("127.0.0.2"); PageServer others = new PageServer()) {
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(site.url("/blog/")))
                    .replace("      title: Test Blog\n", "      title: Test Blog\n      aliases: [\"" + alias.url("/blog/") + "\"]\n"
                                                         + "      trailing-slash: ignore\n");
            try (TestLinkback linkback = TestLinkback.start(yaml)) {
                String article = site.url("/blog/post");
                for (PageServer server : new PageServer[] {site, alias}) {
                    server.html("/blog/post", "<title>The post</title>");
                    server.html("/blog/post/", "<title>The post</title>");
                }
                others.html("/via-alias", "<a href=\"" + alias.url("/blog/post/") + "\">the post, elsewhere</a>");
                others.html("/plain", "<a href=\"" + article + "\">the post</a>");
                others.html("/slashed", "<a href=\"" + article + "/\">the post, slashed</a>");

                PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));
                pingback.ping(others.url("/via-alias"), alias.url("/blog/post/"));
                pingback.ping(others.url("/slashed"), article + "/");
                assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                    "source=" + encode(others.url("/plain")) + "&target=" + encode(article)).statusCode());
                linkback.awaitBody("/backlinks.json?target=" + encode(article), others.url("/plain"));

                Set<String> expected = Set.of(others.url("/via-alias"), others.url("/plain"), others.url("/slashed"));
                for (String asked : new String[] {article, article + "/", alias.url("/blog/post/"), alias.url("/blog/post")}) {
                    assertEquals(expected, sources(linkback, asked), "the feed of " + asked);
                }
                assertEquals(48, pingback.faultOf(others.url("/via-alias"), article), "the same backlink under another URL is a duplicate");
                String stored = JSON.readTree(linkback.get("/admin/api/mentions", "Authorization",
                                                           "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body())
                        .path("items").path(0).path("target").asText();
                assertEquals(article, stored, "stored under the article's own URL");
            }
        }
    }

    private static Set<String> sources(TestLinkback linkback, String target) throws Exception {
        Set<String> sources = new TreeSet<>();
        JSON.readTree(linkback.get("/backlinks.json?target=" + encode(target)).body()).path("items")
                .forEach(item -> sources.add(item.path("url").asText()));
        return sources;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
