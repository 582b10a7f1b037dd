package org.linkback.transfer;

import java.util.List;

/**
 * A table that moves between databases, as one {@code type} of JSON line: its columns (all of
 * them, but the row id and the derived pair key), the unique key that tells whether a row is
 * there already, and the column that names its site, if any. A column's JSON name is its name in
 * camel case, as the admin API writes it ({@code received_at}: {@code receivedAt}).
 */
enum Table {

    /** Sites come first: a file's backlinks may be to a site made at runtime, which the import learns of from these lines. */
    SITE("site", "site", "name", "name", List.of(
            text("name"), text("base_url"), text("title"), lines("aliases"), text("moderation"), text("feed_url"),
            bool("ignore_trailing_slash"), text("language"), text("origin"), time("created_at"), time("updated_at"), time("deleted_at"),
            optional(text("fediverse")), optional(text("fediverse_domain")))),
    /** Owner tokens as their hashes: after a move, the same tokens work. */
    SITE_TOKEN("site-token", "site_token", "token_hash", "site", List.of(
            text("site"), text("label"), text("token_hash"), time("created_at"), time("revoked_at"))),
    SITE_BLOCK("site-block", "site_blocklist", "site, pattern", "site", List.of(
            text("site"), text("pattern"), time("created_at"), text("created_by"))),
    /** Who hears of a site's backlinks by email, and of what (the owner's address, the admin's and the owner's events). */
    MAIL_CHOICE("mail-choice", "mail_choice", "site, person", "site", List.of(
            text("site"), text("person"), text("address"), text("events"), time("updated_at"))),
    /** A site's ActivityPub actor: its key pair (a secret, like the file), so followers' servers still trust it after a move. */
    FEDIVERSE_ACTOR("fediverse-actor", "fediverse_actor", "site", "site", List.of(
            text("site"), text("public_pem"), text("private_pem"), text("icon"), time("created_at"))),
    FEDIVERSE_FOLLOWER("fediverse-follower", "fediverse_follower", "site, actor", "site", List.of(
            text("site"), text("actor"), text("inbox"), text("shared_inbox"), time("followed_at"))),
    /** The article objects the fediverse knows (their ids stay the same after a move). */
    FEDIVERSE_ARTICLE("fediverse-article", "fediverse_article", "object_key", "site", List.of(
            text("object_key"), text("site"), text("url"), text("title"), text("summary"), time("published_at"), time("updated_at"),
            bool("delivered"))),
    BACKLINK("backlink", "mention", "pair_key", "site", List.of(
            text("kind"), text("source"), text("target"), text("site"), text("status"), text("verification"),
            text("reason"), optional(text("reason_code")), text("title"), text("excerpt"), text("author"), text("client_ip"), text("source_host"),
            number("spam_score"), lines("spam_reasons"), time("received_at"), time("verified_at"), time("updated_at"),
            text("status_token"), integer("missing_count"), time("last_swept_at"),
            text("interaction"), text("author_name"), text("author_url"), text("author_photo"), time("published_at"),
            text("content_text"), text("content_html"), text("entry_url"), text("rsvp"), lines("media"))),
    OUTBOUND("outbound", "outbound", "pair_key", "site", List.of(
            text("source"), text("target"), text("site"), text("protocol"), text("endpoint"), text("outcome"),
            integer("attempts"), integer("http_status"), integer("fault_code"), text("message"), bool("linked"),
            time("created_at"), time("updated_at"), time("sent_at"))),
    FEED_ENTRY("feed-entry", "feed_entry", "site, link", "site", List.of(
            text("site"), text("link"), time("changed_at"), time("seen_at"))),
    BLOCK("block", "blocklist", "pattern", null, List.of(
            text("pattern"), time("created_at"), text("created_by"))),
    /** The audit log (exported with --audit): no unique key, so an entry counts as there when one with the same fields is. */
    AUDIT("audit", "audit", null, null, List.of(
            time("happened_at"), text("actor"), text("action"), text("kind"), text("source"), text("target"), text("client_ip"),
            text("old_status"), text("new_status"), text("detail"), optional(text("reason")), optional(text("site"))));

    /** How a column's value is written as JSON; LINES: text kept one item a line, written as an array. */
    enum Type { TEXT, LINES, INTEGER, NUMBER, BOOLEAN, TIME }

    /**
     * @param optional a column added after files were first written: a line without it is read as null
     */
    record Column(String name, Type type, boolean optional) {

        Column(String name, Type type) {
            this(name, type, false);
        }

        /** The name in a JSON line. */
        String json() {
            StringBuilder camel = new StringBuilder();
            boolean upper = false;
            for (char c : name.toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    camel.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return camel.toString();
        }
    }

    final String type;
    final String name;
    final String uniqueKey;
    final String siteColumn;
    final List<Column> columns;

    Table(String type, String name, String uniqueKey, String siteColumn, List<Column> columns) {
        this.type = type;
        this.name = name;
        this.uniqueKey = uniqueKey;
        this.siteColumn = siteColumn;
        this.columns = columns;
    }

    /** Rows of this table carry a pair key computed from their source and target. */
    boolean hasPairKey() {
        return "pair_key".equals(uniqueKey);
    }

    /** Rows of this table have a generated id (the large tables, read a page at a time). */
    boolean hasId() {
        return this == BACKLINK || this == OUTBOUND || this == AUDIT;
    }

    static Table ofType(String type) {
        for (Table table : values()) {
            if (table.type.equals(type)) {
                return table;
            }
        }
        throw new IllegalArgumentException("unknown type \"" + type + "\"");
    }

    /** A column that files written before it existed lack. */
    private static Column optional(Column column) {
        return new Column(column.name(), column.type(), true);
    }

    private static Column text(String name) {
        return new Column(name, Type.TEXT);
    }

    private static Column lines(String name) {
        return new Column(name, Type.LINES);
    }

    private static Column integer(String name) {
        return new Column(name, Type.INTEGER);
    }

    private static Column number(String name) {
        return new Column(name, Type.NUMBER);
    }

    private static Column bool(String name) {
        return new Column(name, Type.BOOLEAN);
    }

    private static Column time(String name) {
        return new Column(name, Type.TIME);
    }
}
