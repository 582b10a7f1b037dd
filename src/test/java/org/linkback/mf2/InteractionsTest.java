package org.linkback.mf2;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the microformats2 of a linking page say about its link to our article, in the shapes the IndieWeb writes them. */
class InteractionsTest {

    private static final URI TARGET = URI.create("https://blog.example/2026/post");
    private static final URI PAGE = URI.create("https://alice.example/notes/1");

    private static Interaction read(String body) {
        return Interactions.read(Jsoup.parse("<!DOCTYPE html><html><body>" + body + "</body></html>", PAGE.toString()), PAGE, TARGET);
    }

    @Test
    void aReplyWithAnExplicitAuthorCard() {
        Interaction reply = read("""
                <article class="h-entry">
                  <a class="u-in-reply-to" href="https://blog.example/2026/post">In reply to</a>
                  <span class="p-author h-card"><img class="u-photo" src="/me.jpg" alt=""><a class="u-url p-name" href="https://alice.example/">Alice</a></span>
                  <time class="dt-published" datetime="2026-11-29T10:15:00+01:00">yesterday</time>
                  <div class="e-content"><p>Great post! <script>alert(1)</script><a href="javascript:alert(2)">x</a></p></div>
                  <a class="u-url" href="/notes/1">permalink</a>
                </article>""");

        assertEquals(Interaction.Type.REPLY, reply.type());
        assertEquals(new Interaction.Author("Alice", "https://alice.example/", "https://alice.example/me.jpg"), reply.author());
        assertEquals(Instant.parse("2026-11-29T09:15:00Z"), reply.published());
        assertEquals("Great post! x", reply.contentText());
        assertFalse(reply.contentHtml().contains("script") || reply.contentHtml().contains("javascript"), reply.contentHtml());
        assertTrue(reply.contentHtml().startsWith("<p>Great post!"), reply.contentHtml());
        assertEquals("https://alice.example/notes/1", reply.url());
    }

    @Test
    void aLikeWhoseAuthorIsThePagesRepresentativeCard() {
        Interaction like = read("""
                <div class="h-card"><a class="u-url u-uid p-name" href="https://alice.example/notes/1">Alice Liddell</a>
                  <img class="u-photo" src="https://alice.example/face.png" alt="Alice"></div>
                <div class="h-entry"><a class="u-like-of" href="https://blog.example/2026/post">liked</a></div>""");

        assertEquals(Interaction.Type.LIKE, like.type());
        assertEquals("Alice Liddell", like.author().name());
        assertEquals("https://alice.example/face.png", like.author().photo());
        assertNull(like.contentText());
    }

    @Test
    void aRepostWhoseAuthorIsAUrlNamingACardOnThePage() {
        Interaction repost = read("""
                <div class="h-entry"><a class="u-repost-of" href="https://blog.example/2026/post">reposted</a>
                  <a class="p-author" href="https://bob.example/">https://bob.example/</a></div>
                <div class="h-card"><a class="u-url p-name" href="https://bob.example/">Bob</a></div>""");

        assertEquals(Interaction.Type.REPOST, repost.type());
        assertEquals(new Interaction.Author("Bob", "https://bob.example/", null), repost.author());
    }

    @Test
    void theFirstEntryThatLinksToTheTargetCountsNotTheFirstEntry() {
        Interaction bookmark = read("""
                <div class="h-feed">
                  <div class="h-entry"><p class="p-name">Another note</p><a class="u-like-of" href="https://else.example/">x</a></div>
                  <div class="h-entry"><a class="u-bookmark-of h-cite" href="https://blog.example/2026/post">A post</a>
                    <span class="p-author">Carol</span></div>
                </div>""");

        assertEquals(Interaction.Type.BOOKMARK, bookmark.type());
        assertEquals("Carol", bookmark.author().name());
    }

    @Test
    void anRsvpIsAReplyWithAnAnswer() {
        Interaction rsvp = read("""
                <div class="h-entry"><a class="u-in-reply-to" href="https://blog.example/2026/post">the event</a>
                  <data class="p-rsvp" value="yes">I'll be there</data></div>""");

        assertEquals(Interaction.Type.RSVP, rsvp.type());
        assertEquals("yes", rsvp.rsvp());
    }

    @Test
    void anEntryThatLinksInItsTextIsAMentionWithItsMedia() {
        Interaction mention = read("""
                <div class="h-entry"><div class="e-content">See <a href="https://blog.example/2026/post">this</a>.</div>
                  <img class="u-photo" src="/pic.jpg"><video class="u-video" src="/clip.mp4"></video></div>""");

        assertEquals(Interaction.Type.MENTION, mention.type());
        assertEquals(List.of("photo https://alice.example/pic.jpg", "video https://alice.example/clip.mp4"), mention.media());
        assertFalse(mention.author().isKnown());
    }

    @Test
    void aPageWithoutMicroformatsSaysNothingMore() {
        assertEquals(Interaction.NONE, read("<p>I read <a href=\"https://blog.example/2026/post\">this</a>.</p>"));
    }
}
