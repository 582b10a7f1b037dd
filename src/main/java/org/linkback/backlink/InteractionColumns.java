package org.linkback.backlink;

import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jdbi.v3.core.Handle;

import org.linkback.mf2.Interaction;
import org.linkback.text.Text;

/** The columns that keep what a linking page's microformats2 say, cut to what they hold. */
final class InteractionColumns {

    private InteractionColumns() {
    }

    /** Records what the source's microformats2 say (after a check that found the link). */
    static void save(Handle h, long id, Interaction found) {
        Interaction.Author author = found.author();
        h.createUpdate("UPDATE mention SET interaction = :type, author_name = :name, author_url = :url, author_photo = :photo, "
                       + "published_at = :published, content_text = :text, content_html = :html, entry_url = :entry, rsvp = :rsvp, "
                       + "media = :media WHERE id = :id")
                .bind("id", id)
                .bind("type", found.type().id())
                .bind("name", Text.cut(Text.xmlSafe(author.name()), 250))
                .bind("url", fits(author.url()))
                .bind("photo", fits(author.photo()))
                .bind("published", found.published() == null ? null : Timestamp.from(found.published().truncatedTo(ChronoUnit.MICROS)))
                .bind("text", Text.cut(found.contentText(), Interaction.MAX_TEXT))
                .bind("html", found.contentHtml() != null && found.contentHtml().length() <= Interaction.MAX_HTML ? found.contentHtml() : null)
                .bind("entry", fits(found.url()))
                .bind("rsvp", found.rsvp())
                .bind("media", media(found.media()))
                .execute();
    }

    private static String fits(String url) {
        return url == null || url.length() > 2048 ? null : url;
    }

    /** One item a line, as many whole lines as the column holds. */
    private static String media(List<String> media) {
        StringBuilder lines = new StringBuilder();
        for (String item : media) {
            if (lines.length() + item.length() + 1 > Interaction.MAX_HTML) {
                break;
            }
            lines.append(lines.isEmpty() ? "" : "\n").append(item);
        }
        return lines.isEmpty() ? null : lines.toString();
    }
}
