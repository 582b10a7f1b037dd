package org.linkback.mail;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.backlink.Backlink;
import org.linkback.config.Site;
import org.linkback.i18n.Messages;
import org.linkback.i18n.Translations;
import org.linkback.text.Text;

/**
 * Writes the emails: the words from the same files as the widget's ({@code mail.*}), in the
 * site's language; a plain-text part and an HTML part built as a jsoup DOM, so every remote
 * string (a title, an excerpt, an author) is escaped by construction. No remote images: nothing
 * in an email fetches anything when it is opened.
 */
final class Letters {

    /** The backlinks one email lists at most; the rest are counted ("12 more in the admin"). */
    static final int LISTED = 20;

    /** Who an email goes to, and as whom they act from its links. */
    record Recipient(String address, MailChoices.Person person) {
    }

    /**
     * A site's day for the digest.
     *
     * @param counts  new public backlinks by type (reply, like, ... mention), only those there were
     * @param held    the first ones waiting for review; {@code heldTotal} how many wait in all
     * @param sources the hosts that linked most, with their counts
     * @param spam    how many came in as spam
     */
    record SiteDay(Site site, Map<String, Integer> counts, List<Backlink> held, int heldTotal, List<Map.Entry<String, Integer>> sources,
                   int spam) {

        boolean quiet() {
            return counts.isEmpty() && heldTotal == 0 && spam == 0;
        }
    }

    private static final String BUTTON = "display:inline-block;padding:6px 14px;margin:0 6px 6px 0;border-radius:4px;"
                                         + "text-decoration:none;font-weight:600;";

    private final Translations translations;
    private final MailLinks links;
    private final URI publicUrl;

    Letters(Translations translations, MailLinks links, URI publicUrl) {
        this.translations = translations;
        this.links = links;
        this.publicUrl = publicUrl;
    }

    /** The words of a site's emails: its {@code language}, else English. */
    Messages words(Site site) {
        return translations.choose(Collections.singletonList(site.language()), null);
    }

    Messages english() {
        return translations.english();
    }

    /** Backlinks waiting for review ({@code held}) or newly public ({@code new}), of one site, to one person. */
    Letter gathered(String kind, Site site, Recipient to, List<Backlink> backlinks, int total) {
        Messages m = words(site);
        String title = oneLine(site.title());
        String subject = m.text("mail." + kind + ".subject", "site", title, "count", total);
        Writer w = new Writer(m, subject);
        w.paragraph(m.text("mail." + kind + ".intro", "site", title, "count", total));
        for (Backlink backlink : backlinks) {
            w.backlink(backlink, kind.equals("held") ? to : null);
        }
        if (total > backlinks.size()) {
            w.paragraph(m.text("mail.more", "count", total - backlinks.size()));
        }
        if (kind.equals("held")) {
            w.link(m.text("mail.action.open"), adminUrl(m));
        }
        String unsubscribe = unsubscribeUrl(site.name(), to);
        w.footer(footer(m, to, title), unsubscribe);
        return new Letter(site.name(), kind, to.address(), m.tag(), subject, w.text(), w.html(), unsubscribe);
    }

    /** A person's daily digest: one section per site that had something, in the words of {@code m}. */
    Letter digest(Recipient to, List<SiteDay> days, Messages m, Instant at) {
        String name = days.size() == 1 ? oneLine(days.get(0).site().title()) : "linkback";
        String subject = m.text("mail.digest.subject", "site", name, "date", m.dates().apply(at));
        Writer w = new Writer(m, subject);
        w.paragraph(m.text("mail.digest.intro"));
        for (SiteDay day : days) {
            if (days.size() > 1) {
                w.heading(oneLine(day.site().title()), day.site().baseUrl().toString());
            }
            List<String> counts = new ArrayList<>();
            day.counts().forEach((type, count) -> counts.add(m.text("widget.count." + type, "count", count)));
            w.paragraph(counts.isEmpty() ? m.text("mail.digest.none") : String.join(" · ", counts));
            if (day.heldTotal() > 0) {
                w.paragraph(m.text("mail.digest.held", "count", day.heldTotal()));
                day.held().forEach(backlink -> w.backlink(backlink, to));
                if (day.heldTotal() > day.held().size()) {
                    w.paragraph(m.text("mail.more", "count", day.heldTotal() - day.held().size()));
                }
                w.link(m.text("mail.action.open"), adminUrl(m));
            }
            if (!day.sources().isEmpty()) {
                w.list(m.text("mail.digest.top"), day.sources().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList());
            }
            if (day.spam() > 0) {
                w.paragraph(m.text("mail.digest.spam", "count", day.spam()));
            }
        }
        String site = days.size() == 1 ? days.get(0).site().name() : null;
        String unsubscribe = unsubscribeUrl(to.person() == MailChoices.Person.ADMIN ? null : site, to);
        w.footer(footer(m, to, days.size() == 1 ? name : publicUrl.toString()), unsubscribe);
        return new Letter(site, "digest", to.address(), m.tag(), subject, w.text(), w.html(), unsubscribe);
    }

    /** The owner token of a site just signed up, with the lines to paste into its pages. */
    Letter signup(Site site, String address, String token) {
        Messages m = words(site);
        String title = oneLine(site.title());
        String subject = m.text("mail.signup.subject", "site", title);
        Writer w = new Writer(m, subject);
        w.paragraph(m.text("mail.signup.intro", "site", title + " (" + site.baseUrl() + ")"));
        w.code(token);
        w.link(m.text("mail.signup.signin"), publicUrl + "/admin/?lang=" + m.tag());
        w.paragraph(m.text("mail.signup.discovery"));
        w.code("<link rel=\"pingback\" href=\"" + publicUrl + "/xmlrpc\">\n<link rel=\"webmention\" href=\"" + publicUrl + "/webmention\">");
        w.paragraph(m.text("mail.signup.widget"));
        w.code("<script src=\"" + publicUrl + "/widget.js\" async></script>");
        return new Letter(site.name(), "signup", address, m.tag(), subject, w.text(), w.html(), null);
    }

    private String footer(Messages m, Recipient to, String site) {
        return to.person() == MailChoices.Person.ADMIN ? m.text("mail.footer.admin", "server", publicUrl.toString())
                : m.text("mail.footer.owner", "address", to.address(), "site", site);
    }

    private String adminUrl(Messages m) {
        return publicUrl + "/admin/?lang=" + m.tag() + "#mentions";
    }

    private String unsubscribeUrl(String site, Recipient to) {
        return publicUrl + "/mail/unsubscribe?t=" + links.unsubscribe(site, to.person(), to.address());
    }

    private String actionUrl(Backlink backlink, MailLinks.Action action, Recipient to) {
        return publicUrl + "/mail/act?t=" + links.action(backlink.id(), action, backlink.site(), to.address());
    }

    /** A title for a subject line: one line, no control characters. */
    static String oneLine(String text) {
        return Text.xmlSafe(text == null ? "" : text).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }

    /** Writes the text part and the HTML part side by side. */
    private final class Writer {

        private final Messages m;
        private final StringBuilder text = new StringBuilder();
        private final Document html;
        private final Element body;

        Writer(Messages m, String subject) {
            this.m = m;
            this.html = Document.createShell("");
            html.outputSettings().prettyPrint(false).charset("UTF-8");
            html.selectFirst("html").attr("lang", m.tag()).attr("dir", m.dir());
            html.head().appendElement("meta").attr("charset", "utf-8");
            html.title(subject);
            this.body = html.body().appendElement("div")
                    .attr("style", "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:15px;line-height:1.5;"
                                   + "color:#1c1917;max-width:640px");
        }

        void paragraph(String words) {
            text.append(words).append("\n\n");
            body.appendElement("p").text(words);
        }

        void heading(String words, String url) {
            text.append("== ").append(words).append(" ==\n").append(url).append("\n\n");
            body.appendElement("h2").attr("style", "font-size:18px;margin:24px 0 8px").text(words);
        }

        void link(String words, String url) {
            text.append(words).append(": ").append(url).append("\n\n");
            body.appendElement("p").appendElement("a").attr("href", url).text(words);
        }

        void code(String words) {
            text.append(words.indent(4)).append("\n");
            body.appendElement("pre").attr("style", "background:#f5f5f4;padding:8px;white-space:pre-wrap;word-break:break-all")
                    .appendElement("code").text(words);
        }

        void list(String heading, List<String> items) {
            text.append(heading).append(":\n");
            body.appendElement("p").appendElement("strong").text(heading);
            Element list = body.appendElement("ul");
            for (String item : items) {
                text.append("- ").append(item).append("\n");
                list.appendElement("li").text(item);
            }
            text.append("\n");
        }

        /** One backlink: its title linking to its source, its details, its excerpt, and (held, to {@code actor}) its actions. */
        void backlink(Backlink b, Recipient actor) {
            String type = m.text("mail.type." + b.interaction().type().id()) + " (" + m.text("widget.kind." + b.kind().id()) + ")";
            List<String[]> fields = new ArrayList<>();
            fields.add(new String[] {m.text("mail.field.to"), b.target()});
            fields.add(new String[] {m.text("mail.field.from"), b.sourceHost()});
            fields.add(new String[] {m.text("mail.field.type"), type});
            fields.add(new String[] {m.text("mail.field.author"), b.authorName()});
            if (actor != null) {
                fields.add(new String[] {m.text("mail.field.spam"), String.format(Locale.ROOT, "%.2f", b.assessment().score())
                                                                     + (b.assessment().reasons().isEmpty() ? ""
                                                                             : " (" + String.join("; ", b.assessment().reasons()) + ")")});
            }
            text.append("* ").append(b.titleOrSource()).append("\n  ").append(b.source()).append("\n");
            fields.forEach(f -> text.append("  ").append(f[0]).append(": ").append(f[1]).append("\n"));
            Element item = body.appendElement("div").attr("style", "border-top:1px solid #d6d3d1;padding:12px 0");
            item.appendElement("p").attr("style", "margin:0 0 6px;font-size:16px").appendElement("a").attr("href", b.source())
                    .attr("dir", "auto").appendElement("strong").text(b.titleOrSource());
            Element table = item.appendElement("table").attr("role", "presentation").attr("style", "border-collapse:collapse;font-size:14px");
            for (String[] f : fields) {
                Element row = table.appendElement("tr");
                row.appendElement("td").attr("style", "padding:0 12px 0 0;color:#57534e;vertical-align:top").text(f[0]);
                row.appendElement("td").attr("dir", "auto").text(f[1]);
            }
            if (b.excerpt() != null && !b.excerpt().isBlank()) {
                text.append("  \"").append(b.excerpt().strip()).append("\"\n");
                item.appendElement("blockquote").attr("dir", "auto")
                        .attr("style", "margin:8px 0;padding-left:10px;border-left:3px solid #d6d3d1;color:#44403c").text(b.excerpt().strip());
            }
            if (actor != null) {
                String approve = actionUrl(b, MailLinks.Action.APPROVE, actor);
                String spam = actionUrl(b, MailLinks.Action.SPAM, actor);
                text.append("  ").append(m.text("mail.action.approve")).append(": ").append(approve).append("\n");
                text.append("  ").append(m.text("mail.action.spam")).append(": ").append(spam).append("\n");
                Element actions = item.appendElement("p").attr("style", "margin:8px 0 0");
                actions.appendElement("a").attr("href", approve).attr("style", BUTTON + "background:#15803d;color:#fff")
                        .text(m.text("mail.action.approve"));
                actions.appendElement("a").attr("href", spam).attr("style", BUTTON + "background:#b91c1c;color:#fff")
                        .text(m.text("mail.action.spam"));
            }
            text.append("\n");
        }

        void footer(String words, String unsubscribe) {
            text.append("-- \n").append(words).append("\n");
            Element footer = body.appendElement("p").attr("style", "margin-top:24px;font-size:13px;color:#57534e");
            footer.appendText(words);
            if (unsubscribe != null) {
                text.append(m.text("mail.unsubscribe")).append(": ").append(unsubscribe).append("\n");
                footer.appendText(" ");
                footer.appendElement("a").attr("href", unsubscribe).text(m.text("mail.unsubscribe"));
            }
        }

        String text() {
            return text.toString();
        }

        String html() {
            return "<!DOCTYPE html>" + html.outerHtml();
        }
    }
}
