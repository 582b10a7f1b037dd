package org.linkback.feed;

/**
 * The formats backlinks are served in.
 */
public enum FeedFormat {
    ATOM(RomeFeedWriter.ATOM), RSS(RomeFeedWriter.RSS), JSON(JsonFeedWriter.INSTANCE), JF2(Jf2Writer.INSTANCE);

    private final FeedWriter writer;

    FeedFormat(FeedWriter writer) {
        this.writer = writer;
    }

    /** The Content-Type of this format's documents. */
    public String contentType() {
        return writer.contentType();
    }

    /** The feed document: equal content gives equal bytes (and so equal ETags). */
    public byte[] render(FeedContent content) {
        return writer.write(content);
    }
}
