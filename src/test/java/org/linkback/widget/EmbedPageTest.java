package org.linkback.widget;

import java.time.Instant;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.i18n.Translations;
import org.linkback.mf2.Interaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embed page renders backlinks the way a blog does, and hostile text stays text.
 */
class EmbedPageTest {

    private static final Instant NOV_12 = Instant.parse("2012-11-12T08:00:00Z");

    private static final Translations LANGUAGES = Translations.load();

    private static String render(List<Backlink> backlinks, EmbedPage.Theme theme) {
        return render(backlinks, theme, false);
    }

    private static String render(List<Backlink> backlinks, EmbedPage.Theme theme, boolean avatars) {
        return EmbedPage.page(backlinks, theme, avatars, LANGUAGES.english());
    }

    private static Backlink mention(Kind kind, String source, String title, String excerpt, String author) {
        return new Backlink(1, kind, source, "https://blog.example.com/post/", "example", new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED),
                           null, null, title, excerpt, author, "192.0.2.1", Assessment.CLEAN, NOV_12, NOV_12, NOV_12, null, 0, Interaction.NONE);
    }

    @Test
    void repliesShowTheirAuthorAndTextAndLikesTheirFacesWithPicturesOnlyFromHttpUrls() {
        Backlink reply = mention(Kind.WEBMENTION, "https://alice.example/1", "Re: post", null, null).withInteraction(new Interaction(
                Interaction.Type.REPLY, new Interaction.Author("Alice <b>", "https://alice.example/", "https://alice.example/a.png"),
                null, "So <script>true</script>!", null, "https://alice.example/1", null, List.of()));
        Backlink like = mention(Kind.WEBMENTION, "https://bob.example/2", "Like", null, null).withInteraction(new Interaction(
                Interaction.Type.LIKE, new Interaction.Author("bob", "javascript:alert(1)", "javascript:alert(2)"),
                null, null, null, null, null, List.of()));

        Document page = Jsoup.parse(render(List.of(reply, like), EmbedPage.Theme.AUTO, true));

        assertEquals("1 reply \u00b7 1 like", page.selectFirst(".count").text());
        assertEquals("Alice <b>", page.selectFirst("li .author").text());
        assertEquals("So <script>true</script>!", page.selectFirst(".text").text());
        assertEquals("Alice <b>", page.selectFirst("img.avatar").attr("alt"), "the picture says the name");
        assertEquals("true", page.selectFirst("li .author").attr("aria-hidden"), "and the name is not said twice");
        assertEquals("https://alice.example/a.png", page.selectFirst("img.avatar").attr("src"));
        assertEquals("B", page.selectFirst(".faces .face").text(), "no picture from a javascript: URL: the initial");
        assertEquals("https://bob.example/2", page.selectFirst(".faces .face").attr("href"), "and its link is the source's");
        assertTrue(page.select("script").isEmpty());
    }

    @Test
    void eachBacklinkReadsLikeABlogsPingbackLine() {
        Document page = Jsoup.parse(render(List.of(
                mention(Kind.PINGBACK, "https://anthonykao.example/abyss/",
                        "Fascination of the abomination: touring the North Korean abyss", "…touring the abyss…", "Anthony Kao"),
                mention(Kind.WEBMENTION, "https://notes.example/1", null, null, null)), EmbedPage.Theme.AUTO));

        assertEquals("Responses", page.selectFirst("h1").text());
        assertEquals("2 backlinks", page.selectFirst(".count").text());
        Element first = page.select("li").get(0);
        assertEquals("Pingback: Fascination of the abomination: touring the North Korean abyss | Anthony Kao",
                     first.selectFirst("div").text());
        assertEquals("https://anthonykao.example/abyss/", first.selectFirst("a").attr("href"));
        assertEquals("nofollow ugc noopener", first.selectFirst("a").attr("rel"));
        assertEquals("November 12, 2012", first.selectFirst("time").text());
        assertEquals("…touring the abyss…", first.selectFirst(".excerpt").text());
        assertEquals("Mention: https://notes.example/1 | notes.example", page.select("li").get(1).selectFirst("div").text());
    }

    @Test
    void hostileTitlesAndExcerptsAreEscaped() {
        String title = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        String excerpt = "</p><iframe src=\"javascript:alert(3)\"></iframe>";
        String html = render(List.of(mention(Kind.TRACKBACK, "https://evil.example/", title, excerpt,
                                                       "\"><svg onload=alert(4)>")), EmbedPage.Theme.LIGHT);

        Document page = Jsoup.parse(html);
        assertTrue(page.select("script, img, iframe, svg").isEmpty(), html);
        assertEquals(title, page.selectFirst("a").text());
        assertEquals(excerpt, page.selectFirst(".excerpt").text());
        assertTrue(page.selectFirst(".blog").text().contains("<svg onload=alert(4)>"));
    }

    @Test
    void onlyHttpSourcesBecomeLinks() {
        Document page = Jsoup.parse(render(List.of(mention(Kind.PINGBACK, "javascript:alert(1)", "t", null, "a")),
                                                     EmbedPage.Theme.DARK));
        assertTrue(page.select("a").isEmpty());
    }

    @Test
    void aReplyLinksOnlyToAnHttpEntryOrSource() {
        Backlink toScript = mention(Kind.WEBMENTION, "https://carol.example/3", "Re", null, null).withInteraction(new Interaction(
                Interaction.Type.REPLY, new Interaction.Author("Carol", null, null), null, "hi", null, "javascript:alert(4)", null,
                List.of()));
        Backlink nowhere = mention(Kind.WEBMENTION, "javascript:alert(5)", "Re", null, null).withInteraction(new Interaction(
                Interaction.Type.REPLY, new Interaction.Author("Dan", null, null), null, "hi", null, "data:text/html,x", null,
                List.of()));

        Document page = Jsoup.parse(render(List.of(toScript, nowhere), EmbedPage.Theme.AUTO, true));

        assertEquals(List.of("https://carol.example/3"), page.select("li a").eachAttr("href"),
                     "the source instead of a javascript: entry URL, and no link at all when neither is http(s)");
        assertEquals(2, page.select("li .author").size());
    }

    @Test
    void noBacklinksIsAQuietLine() {
        Document page = Jsoup.parse(render(List.of(), EmbedPage.Theme.AUTO));
        assertEquals("No responses yet.", page.selectFirst(".quiet").text());
        assertEquals("Responses", page.selectFirst("h1").text(), "the region keeps its heading");
        assertTrue(page.select("li, .count").isEmpty());
    }

    @Test
    void theReadersLanguageAndDirectionWithAPingbackLineStillRecognisable() {
        Document page = Jsoup.parse(EmbedPage.page(List.of(mention(Kind.PINGBACK, "https://anthonykao.example/abyss/", "Abyss", null,
                                                                   "Anthony Kao")), EmbedPage.Theme.AUTO, false,
                                                   LANGUAGES.speaking("ar").orElseThrow()));
        assertEquals("ar", page.selectFirst("html").attr("lang"));
        assertEquals("rtl", page.selectFirst("html").attr("dir"));
        Element region = page.selectFirst("section.linkbacks");
        assertEquals("linkbacks-heading", region.attr("aria-labelledby"));
        assertEquals(region.selectFirst("h1").text(), page.getElementById("linkbacks-heading").text());
        assertEquals("auto", page.selectFirst("a.title").attr("dir"), "a left-to-right title is isolated in a right-to-left line");
        assertTrue(page.selectFirst(".head").text().matches(".+: Abyss \\| Anthony Kao"), page.selectFirst(".head").text());
    }

    @Test
    void facesAreNamedForScreenReadersAndReachableByKeyboard() {
        Backlink like = mention(Kind.WEBMENTION, "https://bob.example/2", "Like", null, null).withInteraction(new Interaction(
                Interaction.Type.LIKE, new Interaction.Author("Bob", "https://bob.example/", "https://bob.example/b.png"),
                null, null, null, null, null, List.of()));
        Backlink nowhere = mention(Kind.WEBMENTION, "javascript:x", "Repost", null, null).withInteraction(new Interaction(
                Interaction.Type.REPOST, new Interaction.Author("Eve", null, null), null, null, null, null, null, List.of()));

        Document page = Jsoup.parse(render(List.of(like, nowhere), EmbedPage.Theme.AUTO, true));

        Element bob = page.selectFirst("ul.faces.like a.face");
        assertEquals("Bob liked this", bob.attr("aria-label"));
        assertEquals("Bob", bob.selectFirst("img").attr("alt"), "the picture's text is its author's name");
        assertEquals("1 like", page.selectFirst("ul.faces.like").attr("aria-label"));
        Element eve = page.selectFirst("ul.faces.repost .face");
        assertEquals("0", eve.attr("tabindex"), "a face without a link can still be reached");
        assertEquals("Eve reposted this", eve.attr("aria-label"));
    }

    @Test
    void aRepliesLineBreaksAreKept() {
        Backlink reply = mention(Kind.WEBMENTION, "https://alice.example/1", "Re", null, null).withInteraction(new Interaction(
                Interaction.Type.REPLY, new Interaction.Author("Alice", null, null), null, "line one\nline two", null, null, null,
                List.of()));
        assertTrue(render(List.of(reply), EmbedPage.Theme.AUTO).contains("line one\nline two"));
    }

    @Test
    void theStyleSheetIsKeptAsWritten() {
        String html = render(List.of(), EmbedPage.Theme.AUTO);
        assertTrue(html.contains(".linkbacks > h1"), "not escaped to &gt;");
    }

    @Test
    void theThemeSetsTheColourScheme() {
        assertEquals("dark", Jsoup.parse(render(List.of(), EmbedPage.Theme.DARK)).selectFirst("meta[name=color-scheme]")
                .attr("content"));
        assertEquals("light dark", Jsoup.parse(render(List.of(), EmbedPage.Theme.AUTO))
                .selectFirst("meta[name=color-scheme]").attr("content"));
    }
}
