package org.linkback.feed;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import com.rometools.rome.feed.synd.SyndCategoryImpl;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.feed.synd.SyndPersonImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;

import org.linkback.backlink.Backlink;

/**
 * Atom 1.0 and RSS 2.0 through ROME, which does all XML writing and escaping.
 */
final class RomeFeedWriter implements FeedWriter {

    static final RomeFeedWriter ATOM = new RomeFeedWriter("atom_1.0", "application/atom+xml; charset=utf-8");
    static final RomeFeedWriter RSS = new RomeFeedWriter("rss_2.0", "application/rss+xml; charset=utf-8");

    /** The scheme of the category that names a backlink's type. */
    static final String TYPES = "tag:linkback,2026:type";

    private final String feedType;
    private final String contentType;

    private RomeFeedWriter(String feedType, String contentType) {
        this.feedType = feedType;
        this.contentType = contentType;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public byte[] write(FeedContent backlinks) {
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType(feedType);
        feed.setEncoding("utf-8");
        feed.setTitle(backlinks.title());
        feed.setDescription(backlinks.title());
        feed.setLink(backlinks.homeUrl());
        feed.setUri(backlinks.selfUrl());
        SyndLinkImpl self = new SyndLinkImpl();
        self.setRel("self");
        self.setHref(backlinks.selfUrl());
        SyndLinkImpl home = new SyndLinkImpl();
        home.setRel("alternate");
        home.setHref(backlinks.homeUrl());
        feed.setLinks(List.of(home, self));
        feed.setPublishedDate(Date.from(backlinks.updated()));
        feed.setGenerator("linkback");
        feed.setEntries(backlinks.mentions().stream().map(RomeFeedWriter::entry).toList());
        try {
            return new SyndFeedOutput().outputString(feed, true).getBytes(StandardCharsets.UTF_8);
        } catch (FeedException e) {
            throw new IllegalStateException("cannot write " + feedType + " feed", e);
        }
    }

    private static SyndEntry entry(Backlink m) {
        SyndEntry entry = new SyndEntryImpl();
        entry.setUri(EntryIds.tagUri(m));
        entry.setTitle(m.titleOrSource());
        entry.setLink(m.source());
        SyndPersonImpl author = new SyndPersonImpl(); // Atom's <author> with its <uri>
        author.setName(m.authorName());
        author.setUri(m.interaction().author().url());
        entry.setAuthors(List.of(author));
        entry.setAuthor(m.authorName()); // RSS's dc:creator
        if (m.excerpt() != null) {
            SyndContentImpl summary = new SyndContentImpl();
            summary.setType("text/plain");
            summary.setValue(m.excerpt());
            entry.setDescription(summary);
        }
        SyndCategoryImpl kind = new SyndCategoryImpl();
        kind.setName(m.kind().id());
        SyndCategoryImpl type = new SyndCategoryImpl(); // reply, like, repost ... (microformats2)
        type.setName(m.interaction().type().id());
        type.setTaxonomyUri(TYPES);
        entry.setCategories(List.of(kind, type));
        entry.setPublishedDate(Date.from(m.receivedAt()));
        entry.setUpdatedDate(Date.from(m.updatedAt()));
        return entry;
    }
}
