package org.linkback.mail;

import java.time.Clock;
import java.util.Map;
import java.util.logging.Logger;

import io.helidon.webserver.http.HttpService;
import org.jdbi.v3.core.Handle;

import org.linkback.backlink.BacklinkListener;
import org.linkback.backlink.Backlinks;
import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.i18n.Translations;
import org.linkback.queue.JobQueue;
import org.linkback.queue.JobWorker;
import org.linkback.store.Database;

/**
 * Email, put together: the people's choices, the notes the write path takes
 * ({@link #listener()}), the gatherer that writes the emails, the queue and its SMTP sender, and
 * the pages the links open. Built before the write path (whose listener it is), started after it.
 * Without {@code linkback.mail} nothing is noted and nothing sent; the choices and the links'
 * pages still work.
 */
public final class Mail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Mail.class.getName());

    private final LinkbackConfig.Mail config;
    private final Database database;
    private final Sites sites;
    private final Clock clock;
    private final MailChoices choices;
    private final MailLinks links;
    private final Letters letters;
    private final MailEvents events;
    private final JobQueue queue;
    private final Mailbox mailbox;
    private HttpService pages;
    private MailGatherer gatherer;
    private JobWorker sender;

    /**
     * Checks the addresses of the configuration, and applies the YAML file's {@code sites[].notify}.
     *
     * @throws IllegalArgumentException naming a bad address
     */
    public Mail(LinkbackConfig config, Database database, Sites sites, Translations translations, Clock clock) {
        this.config = config.mail();
        this.database = database;
        this.sites = sites;
        this.clock = clock;
        if (this.config.enabled()) {
            check("linkback.mail.from", this.config.from());
            if (!this.config.admin().isEmpty()) {
                check("linkback.mail.admin", this.config.admin());
            }
        }
        this.choices = new MailChoices(database, clock);
        this.links = new MailLinks(database, clock);
        this.letters = new Letters(translations, links, config.publicUrl());
        this.events = new MailEvents(choices, !this.config.admin().isEmpty(), clock);
        this.queue = JobQueue.mails(database, clock);
        this.mailbox = new Mailbox(database, queue, config.publicUrl(), clock);
        applyConfigured(this.config.siteNotify());
    }

    private static void check(String key, String address) {
        try {
            MailChoices.parseAddress(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    /** The YAML file's owner addresses win at each start, as its other site settings do. */
    private void applyConfigured(Map<String, String> notify) {
        notify.forEach((site, address) -> check("site " + site + ": notify", address));
        if (!notify.isEmpty()) {
            database.useTransaction(h -> notify.forEach((site, address) -> {
                if (!address.equals(choices.of(h, site).ownerAddress())) {
                    choices.setNotify(h, site, address);
                }
            }));
        }
    }

    /** Whether email is sent at all. */
    public boolean enabled() {
        return config.enabled();
    }

    /** What the write path tells of each change: notes for the emails (none when mail is off). */
    public BacklinkListener listener() {
        return enabled() ? events : (h, change) -> { };
    }

    /** Starts the gatherer and the sender (when mail is on); the pages act through {@code backlinks}. */
    public Mail start(Backlinks backlinks, LinkbackConfig.Queue queueConfig) {
        this.pages = new MailPages(database, backlinks, choices, links, letters, sites);
        if (enabled()) {
            sender = new JobWorker("mails", queue, new SmtpSender(database, config, clock), queueConfig).start();
            gatherer = new MailGatherer(database, choices, letters, mailbox, sites, config.admin(), config.digestAt(), clock).start();
            events.onEvent(gatherer::wakeUp);
            LOG.info(() -> "email through " + config.host() + ":" + config.port() + (config.admin().isEmpty() ? "" : ", admin " + config.admin()));
        }
        return this;
    }

    public MailChoices choices() {
        return choices;
    }

    /** {@code /mail}: the pages an email's links open. */
    public HttpService pages() {
        return pages;
    }

    /**
     * A site was signed up with an address, in that unit of work: the address becomes the site's
     * owner address, and the owner token is emailed to it.
     */
    public void signedUp(Handle h, Site site, String address, String ownerToken) {
        choices.setNotify(h, site.name(), address);
        mailbox.queue(h, letters.signup(site, address, ownerToken), "signup:" + site.name() + ":" + address + ":" + clock.millis());
    }

    @Override
    public void close() {
        if (gatherer != null) {
            gatherer.close();
        }
        if (sender != null) {
            sender.close();
        }
    }
}
