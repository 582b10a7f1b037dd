package org.linkback.feed;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.linkback.backlink.Backlink;
import org.linkback.http.Answers;
import org.linkback.mf2.Interaction;

/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Backlink details a widget needs but the
 * format lacks travel in the {@code _linkback} extension object of each item.
 */
final class JsonFeedWriter implements FeedWriter {

    static final JsonFeedWriter INSTANCE = new JsonFeedWriter();
    private static final ObjectMapper JSON = Answers.JSON;

    @Override
    public String contentType() {
        return "application/feed+json; charset=utf-8";
    }

    @Override
    public byte[] write(FeedContent backlinks) {
        ObjectNode feed = JSON.createObjectNode();
        feed.put("version", "https://jsonfeed.org/version/1.1");
        feed.put("title", backlinks.title());
        feed.put("home_page_url", backlinks.homeUrl());
        feed.put("feed_url", backlinks.selfUrl());
        ArrayNode items = feed.putArray("items");
        backlinks.mentions().forEach(m -> items.add(item(m)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(feed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON feed", e);
        }
    }

    private static ObjectNode item(Backlink m) {
        ObjectNode item = JSON.createObjectNode();
        item.put("id", EntryIds.tagUri(m));
        item.put("url", m.source());
        item.put("title", m.titleOrSource());
        Interaction said = m.interaction();
        item.put("content_text", said.contentText() != null ? said.contentText() : m.excerpt() != null ? m.excerpt() : m.titleOrSource());
        if (said.contentHtml() != null) {
            item.put("content_html", said.contentHtml()); // sanitized when it was stored
        }
        if (m.excerpt() != null) {
            item.put("summary", m.excerpt());
        }
        item.put("date_published", m.receivedAt().toString());
        item.put("date_modified", m.updatedAt().toString());
        ObjectNode author = item.putArray("authors").addObject().put("name", m.authorName());
        if (said.author().url() != null) {
            author.put("url", said.author().url());
        }
        if (said.author().photo() != null) {
            author.put("avatar", said.author().photo());
        }
        item.putArray("tags").add(m.kind().id()).add(said.type().id());
        ObjectNode extension = item.putObject("_linkback");
        extension.put("kind", m.kind().id());
        extension.put("type", said.type().id());
        if (said.type() != Interaction.Type.MENTION) {
            extension.put(said.type() == Interaction.Type.RSVP ? "in-reply-to" : said.type().property(), m.target());
        }
        extension.put("rsvp", said.rsvp());
        extension.put("source", m.source());
        extension.put("target", m.target());
        extension.put("author", m.author());
        extension.put("url", said.url());
        extension.put("published", said.published() == null ? null : said.published().toString());
        ArrayNode media = extension.putArray("media");
        said.media().forEach(media::add);
        extension.put("received_at", m.receivedAt().toString());
        return item;
    }
}
