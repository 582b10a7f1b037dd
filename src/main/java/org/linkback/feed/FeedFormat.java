package org.linkback.feed;

/**
 * The formats backlinks are served in.
 */
public enum FeedFormat {
    ATOM(RomeFeedWriter.ATOM), RSS(RomeFeedWriter.RSS), JSON(JsonFeedWriter.INSTANCE);

    private final FeedWriter writer;

    FeedFormat(FeedWriter writer) {
        this.writer = writer;
    }

    FeedWriter writer() {
        return writer;
    }
}
