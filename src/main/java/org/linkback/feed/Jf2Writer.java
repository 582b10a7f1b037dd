package org.linkback.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.linkback.backlink.Backlink;
import org.linkback.http.Answers;
import org.linkback.mf2.Interaction;

/**
 * jf2 (https://jf2.spec.indieweb.org/), in the shape webmention.io's {@code /api/mentions.jf2}
 * gives, which its users' comment sections already read: a {@code feed} whose {@code children}
 * are {@code entry} objects with an {@code author} card, {@code content} (text and sanitized
 * html), the response property naming our article ({@code in-reply-to}, {@code like-of} ...) and
 * webmention.io's {@code wm-*} fields.
 */
final class Jf2Writer implements FeedWriter {

    static final Jf2Writer INSTANCE = new Jf2Writer();
    private static final ObjectMapper JSON = Answers.JSON;

    @Override
    public String contentType() {
        return "application/jf2feed+json; charset=utf-8";
    }

    @Override
    public byte[] write(FeedContent backlinks) {
        ObjectNode feed = JSON.createObjectNode();
        feed.put("type", "feed");
        feed.put("name", backlinks.title());
        feed.put("url", backlinks.homeUrl());
        ArrayNode children = feed.putArray("children");
        backlinks.mentions().forEach(m -> children.add(entry(m)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(feed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write jf2 feed", e);
        }
    }

    private static ObjectNode entry(Backlink m) {
        Interaction said = m.interaction();
        ObjectNode entry = JSON.createObjectNode();
        entry.put("type", "entry");
        ObjectNode author = entry.putObject("author");
        author.put("type", "card");
        author.put("name", m.authorName());
        author.put("photo", said.author().photo() == null ? "" : said.author().photo());
        author.put("url", said.author().url() == null ? "" : said.author().url());
        entry.put("url", said.url() != null ? said.url() : m.source());
        if (said.published() != null) {
            entry.put("published", said.published().toString());
        }
        entry.put("wm-received", m.receivedAt().toString());
        entry.put("wm-id", m.id());
        entry.put("wm-source", m.source());
        entry.put("wm-target", m.target());
        entry.put("wm-property", said.type() == Interaction.Type.RSVP ? "rsvp" : said.type().property());
        entry.put("wm-private", false);
        if (said.type() == Interaction.Type.MENTION || said.type() == Interaction.Type.REPLY) {
            entry.put("name", m.titleOrSource());
        }
        String text = said.contentText() != null ? said.contentText() : m.excerpt();
        if (text != null) {
            ObjectNode content = entry.putObject("content");
            content.put("text", text);
            if (said.contentHtml() != null) {
                content.put("html", said.contentHtml());
            }
        }
        String property = said.type() == Interaction.Type.RSVP ? "in-reply-to" : said.type().property();
        entry.put(property, m.target());
        if (said.rsvp() != null) {
            entry.put("rsvp", said.rsvp());
        }
        for (String item : said.media()) {
            int space = item.indexOf(' ');
            if (space > 0) { // "photo URL"; anything else (stored before imports were checked) is left out
                entry.withArray(item.substring(0, space)).add(item.substring(space + 1));
            }
        }
        return entry;
    }
}
