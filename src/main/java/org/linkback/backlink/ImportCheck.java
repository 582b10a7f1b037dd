package org.linkback.backlink;

import java.net.URI;
import java.util.Optional;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.mf2.Interaction;
import org.linkback.text.Text;
import org.linkback.url.Urls;

/**
 * What an imported backlink must be, and how it is cleaned, as a ping's would be: http(s) source
 * and target, a target on the site it names, text that XML allows and that fits its column, HTML
 * through the same safelist as a webmention's, and only http(s) links and pictures. A line that
 * a clean export wrote passes unchanged.
 */
final class ImportCheck {

    private ImportCheck() {
    }

    /**
     * @throws IllegalArgumentException with the reason, when the line cannot be a backlink here
     */
    static Backlinks.Imported checked(Backlinks.Imported row, Sites sites) {
        Backlink b = row.backlink();
        URI target = Urls.parseHttp(b.target()).orElseThrow(() -> new IllegalArgumentException("the target is not an http(s) URL"));
        Urls.parseHttp(b.source()).orElseThrow(() -> new IllegalArgumentException("the source is not an http(s) URL"));
        Site site = sites.byName(b.site()).orElseThrow(() -> new IllegalArgumentException("no site is named \"" + b.site() + "\""));
        if (!sites.siteOf(target).map(Site::name).equals(Optional.of(site.name()))) {
            throw new IllegalArgumentException("the target is not an article of the site \"" + site.name() + "\"");
        }
        Interaction said = b.interaction();
        Interaction cleanSaid = new Interaction(said.type(),
                                                new Interaction.Author(text(said.author().name(), 250), http(said.author().url()),
                                                                       http(said.author().photo())),
                                                said.published(), text(said.contentText(), Interaction.MAX_TEXT),
                                                Interaction.safeHtml(said.contentHtml(), b.source()), http(said.url()),
                                                text(said.rsvp(), 16), said.media().stream().filter(ImportCheck::isMedia).toList());
        Backlink clean = new Backlink(b.id(), b.kind(), b.source(), b.target(), b.site(), b.state(), text(b.reason(), 500), b.failure(),
                                      text(b.title(), 1000), text(b.excerpt(), 2000), text(b.author(), 500), b.clientIp(),
                                      b.assessment(), b.receivedAt(), b.verifiedAt(), b.updatedAt(), b.statusToken(), b.missingCount(),
                                      cleanSaid);
        return new Backlinks.Imported(clean, row.sourceHost(), row.lastSweptAt());
    }

    /** Text XML allows, cut to what its column holds. */
    private static String text(String value, int column) {
        return Text.cut(Text.xmlSafe(value), column);
    }

    /** An http(s) URL that fits its column, else nothing. */
    private static String http(String url) {
        return url != null && url.length() <= Urls.MAX_LENGTH && Urls.parseHttp(url).isPresent() ? url : null;
    }

    /** "photo URL", "video URL" or "audio URL", the URL http(s). */
    private static boolean isMedia(String item) {
        int space = item.indexOf(' ');
        return space > 0 && Interaction.MEDIA_KINDS.contains(item.substring(0, space)) && http(item.substring(space + 1)) != null;
    }
}
