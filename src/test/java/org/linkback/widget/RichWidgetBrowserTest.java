package org.linkback.widget;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.linkback.testing.Browser;
import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reply, two likes and a repost sent by webmention to one article, shown by the widget in a
 * real browser: counts per type in the heading, the likes and the repost as faces (an avatar that
 * fails to load gives way to the author's initial), the reply with its author and text.
 */
class RichWidgetBrowserTest {

    private static PageServer blog;
    private static PageServer others;
    private static TestLinkback linkback;
    private static Browser browser;
    private static String article;

    @BeforeAll
    static void start() throws Exception {
        blog = new PageServer();
        others = new PageServer();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")));
        article = blog.url("/blog/post");
        String widget = "<script src=\"" + linkback.url("/widget.js") + "\" data-target=\"" + article + "\" async></script>";
        blog.html("/blog/post", "<title>A post</title><h1>A post</h1><p>Words.</p><div id=\"linkbacks\"></div>" + widget);
        blog.html("/blog/plain-page", "<title>Without avatars</title><div id=\"linkbacks\"></div><script src=\""
                                      + linkback.url("/widget.js") + "\" data-target=\"" + article + "\" data-avatars=\"false\" async></script>");
        others.page("/alice.png", new PageServer.Page(200, "image/png", png(new Color(0x2563eb)), 0, null));
        others.page("/bob.png", new PageServer.Page(200, "image/png", png(new Color(0xdb2777)), 0, null));
        others.html("/alice/reply", """
                <article class="h-entry"><a class="u-in-reply-to" href="%s">in reply to</a>
                  <span class="p-author h-card"><img class="u-photo" src="/alice.png" alt=""><a class="p-name u-url" href="/alice/">Alice</a></span>
                  <p class="e-content">So true! I wrote about this last year.</p></article>""".formatted(article));
        others.html("/bob/like", """
                <div class="h-entry"><a class="u-like-of" href="%s">liked</a>
                  <span class="p-author h-card"><img class="u-photo" src="/bob.png" alt=""><a class="p-name u-url" href="/bob/">Bob</a></span></div>
                """.formatted(article));
        others.html("/dan/like", """
                <div class="h-entry"><a class="u-like-of" href="%s">liked</a>
                  <span class="p-author h-card"><img class="u-photo" src="/missing.png" alt=""><a class="p-name u-url" href="/dan/">Dan</a></span></div>
                """.formatted(article));
        others.html("/carol/repost", """
                <div class="h-entry"><a class="u-repost-of" href="%s">reposted</a>
                  <a class="p-author h-card" href="/carol/">Carol</a></div>""".formatted(article));
        for (String source : List.of("/alice/reply", "/bob/like", "/dan/like", "/carol/repost")) {
            assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                "source=" + encode(others.url(source)) + "&target=" + encode(article)).statusCode());
        }
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (json.readTree(linkback.get("/backlinks.json?target=" + encode(article)).body()).path("items").size() < 4
               && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        linkback.close();
        others.close();
        blog.close();
    }

    private static SearchContext rendered(WebElement host) {
        return browser.widgetIn(host);
    }

    @Test
    void aReplyWithItsTextAndLikesAndARepostAsFacesWithCountsPerType() throws Exception {
        WebDriver page = browser.driver();
        page.get(article);
        SearchContext widget = rendered(page.findElement(By.id("linkbacks")));

        assertEquals("1 reply \u00b7 2 likes \u00b7 1 repost", widget.findElement(By.cssSelector(".count")).getText());
        List<WebElement> likes = widget.findElements(By.cssSelector("ul.faces.like .face"));
        assertEquals(2, likes.size());
        browser.waiting().until(d -> widget.findElements(By.cssSelector("ul.faces.like img")).size() == 1); // Dan's did not load
        assertTrue(likes.stream().anyMatch(f -> f.getText().equals("D") && f.getAttribute("title").equals("Dan liked this")),
                   "a broken avatar gives way to the initial");
        WebElement bob = likes.stream().filter(f -> f.getAttribute("title").equals("Bob liked this")).findFirst().orElseThrow();
        assertEquals(others.url("/bob/"), bob.getAttribute("href"));
        assertEquals("C", widget.findElement(By.cssSelector("ul.faces.repost .face")).getText());

        WebElement reply = widget.findElement(By.cssSelector("li.entry"));
        assertEquals("Alice", reply.findElement(By.cssSelector(".author")).getText());
        assertEquals("So true! I wrote about this last year.", reply.findElement(By.cssSelector(".text")).getText());
        assertEquals(others.url("/alice.png"), reply.findElement(By.cssSelector("img.avatar")).getAttribute("src"));
        assertEquals("no-referrer", reply.findElement(By.cssSelector("img.avatar")).getAttribute("referrerpolicy"));

        ((JavascriptExecutor) page).executeScript("document.querySelector('h1').scrollIntoView()");
        assertTrue(Files.size(browser.screenshot("widget-rich")) > 5_000);
    }

    @Test
    void aPageCanSayNoAvatars() {
        WebDriver page = browser.driver();
        page.get(blog.url("/blog/plain-page"));
        SearchContext widget = rendered(page.findElement(By.id("linkbacks")));

        assertEquals(3, widget.findElements(By.cssSelector(".face")).size());
        assertTrue(widget.findElements(By.cssSelector("img")).isEmpty(), "no image from another site");
        assertEquals(java.util.Set.of("B", "D"), widget.findElements(By.cssSelector("ul.faces.like .face")).stream()
                .map(WebElement::getText).collect(java.util.stream.Collectors.toSet()), "initials instead");
    }

    private static byte[] png(Color color) throws IOException {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 48, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
