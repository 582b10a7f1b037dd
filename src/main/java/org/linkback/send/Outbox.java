package org.linkback.send;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.HostPacer;
import org.linkback.fetch.SafeFetcher;
import org.linkback.queue.Job;
import org.linkback.queue.JobQueue;
import org.linkback.queue.JobWorker;
import org.linkback.store.Database;
import org.linkback.url.Urls;
import org.linkback.verify.Verifier;

/**
 * Outgoing notifications for our own articles. {@link #send} reads an article, takes the links of
 * its content, and notifies each target that was not notified yet (or whose last try failed),
 * by whichever protocol it supports; a target the article no longer links to gets a webmention
 * again when it had one (Webmention update semantics), so it can see the link is gone.
 * Unchanged links that were sent are not sent again. Passing failures are retried from the
 * durable {@code send_job} queue ({@link #handle}): an attempt and the retry it needs are one
 * unit of work, so no {@code pending-retry} link is ever left without its job.
 */
public final class Outbox implements JobWorker.Handler {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    private final LinkbackConfig config;
    private final Database database;
    private final SafeFetcher fetcher;
    private final Verifier verifier;
    private final JobQueue retries;
    private final OutboundStore store;
    private final EndpointDiscovery discovery;
    private final Notifier notifier;
    /** One notification per endpoint host per interval. */
    private final HostPacer pacer;

    public Outbox(LinkbackConfig config, Database database, SafeFetcher fetcher, Verifier verifier, JobQueue retries) {
        this.config = config;
        this.database = database;
        this.fetcher = fetcher;
        this.verifier = verifier;
        this.retries = retries;
        this.store = new OutboundStore(database);
        this.discovery = new EndpointDiscovery(fetcher);
        this.notifier = new Notifier(fetcher);
        this.pacer = new HostPacer(config.send().perHostInterval());
    }

    /** The article could not be sent for: not ours, or not readable. */
    public static final class NotSendable extends RuntimeException {
        NotSendable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Notifies the targets of one of our articles, now.
     *
     * @return every link of the article ever found, with what happened to it
     * @throws NotSendable when the URL is not an article of a configured site, or cannot be read
     */
    public List<OutboundLink> send(String sourceUrl) {
        URI source = Urls.parseCanonical(sourceUrl).orElseThrow(() -> new NotSendable("the source is not an http(s) URL"));
        Site site = config.sites().siteOf(source).orElseThrow(() -> new NotSendable("the source is not on a site served here"));
        Article article = read(source);
        Set<URI> targets = LinkExtractor.links(article.document(), source, config.send().includeSameSite());
        Map<String, OutboundLink> known = store.forSource(source.toString()).stream()
                .collect(Collectors.toMap(OutboundLink::target, Function.identity()));

        for (URI target : targets) {
            OutboundLink link = database.inTransaction(h -> store.upsertLinked(h, source.toString(), target.toString(), site.name()));
            OutboundLink before = known.get(target.toString());
            if (before != null && before.linked() && before.outcome() == OutboundLink.Outcome.SENT) {
                continue; // unchanged and sent: not again
            }
            attempt(link, article, target);
        }
        for (OutboundLink gone : known.values()) {
            if (gone.linked() && !targets.contains(URI.create(gone.target()))) {
                database.useTransaction(h -> store.markUnlinked(h, gone.id()));
                if (gone.protocol() == Protocol.WEBMENTION && gone.outcome() == OutboundLink.Outcome.SENT) {
                    attempt(gone, article, URI.create(gone.target())); // tell it the link is gone
                }
            }
        }
        return store.forSource(source.toString());
    }

    /** Every link of an article, with what happened to it (empty when never sent). */
    public List<OutboundLink> links(String sourceUrl) {
        return Urls.parseCanonical(sourceUrl).map(source -> store.forSource(source.toString())).orElse(List.of());
    }

    /** Retries one link from the queue. */
    @Override
    public Optional<String> handle(Job job) {
        Optional<OutboundLink> link = store.findById(job.subjectId());
        if (link.isEmpty()) {
            return Optional.empty();
        }
        Article article;
        try {
            article = read(URI.create(link.get().source()));
        } catch (NotSendable e) {
            return Optional.of(e.getMessage());
        }
        // the job itself is the retry: the worker reschedules it, in the queue's own bookkeeping
        Attempt tried = tryOnce(link.get(), article, URI.create(link.get().target()));
        database.useTransaction(h -> record(h, link.get().id(), tried));
        return tried.outcome() == OutboundLink.Outcome.PENDING_RETRY ? Optional.of(tried.message()) : Optional.empty();
    }

    @Override
    public void giveUp(Job job, String lastReason) {
        store.findById(job.subjectId()).ifPresent(link -> database.useTransaction(h -> store.recordAttempt(
                h, link.id(), link.protocol(), link.endpoint(), OutboundLink.Outcome.FAILED, link.httpStatus(), link.faultCode(),
                "gave up after repeated failures: " + lastReason)));
    }

    /** One attempt; a passing failure queues its retry in the same unit of work as the attempt's record. */
    private void attempt(OutboundLink link, Article article, URI target) {
        Attempt tried = tryOnce(link, article, target);
        database.useTransaction(h -> {
            record(h, link.id(), tried);
            if (tried.outcome() == OutboundLink.Outcome.PENDING_RETRY) {
                retries.enqueueRetry(h, link.id(), target.getHost(), config.queue().backoff(0));
            }
        });
    }

    /** What one try came to, before it is recorded. */
    private record Attempt(Protocol protocol, String endpoint, OutboundLink.Outcome outcome, Integer httpStatus,
                           Integer faultCode, String message) {

        static Attempt failed(Protocol protocol, String endpoint, SendFailure failure) {
            return new Attempt(protocol, endpoint, failure.isTransient() ? OutboundLink.Outcome.PENDING_RETRY : OutboundLink.Outcome.FAILED,
                               failure.httpStatus(), failure.faultCode(), failure.getMessage());
        }
    }

    /** Discovers the target's endpoint and notifies it; writes nothing (the network is no place to hold a transaction). */
    private Attempt tryOnce(OutboundLink link, Article article, URI target) {
        Optional<Endpoint> endpoint;
        try {
            endpoint = discovery.discover(target);
        } catch (SendFailure e) {
            return Attempt.failed(null, null, e);
        }
        if (endpoint.isEmpty()) {
            return new Attempt(null, null, OutboundLink.Outcome.NO_ENDPOINT, null, null,
                               "the target names no webmention, pingback or TrackBack endpoint");
        }
        Endpoint to = endpoint.get();
        try {
            pacer.await(to.url().getHost());
            String result;
            try {
                result = notifier.notify(to, article.summary(), target);
            } finally {
                pacer.finished(to.url().getHost());
            }
            LOG.info(() -> "sent " + to.protocol().id() + " " + article.summary().url() + " -> " + target + ": " + result);
            return new Attempt(to.protocol(), to.url().toString(), OutboundLink.Outcome.SENT, null, null, result);
        } catch (SendFailure e) {
            return Attempt.failed(to.protocol(), to.url().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed(to.protocol(), to.url().toString(), new SendFailure("interrupted", true, null, null));
        }
    }

    private void record(Handle h, long linkId, Attempt tried) {
        store.recordAttempt(h, linkId, tried.protocol(), tried.endpoint(), tried.outcome(), tried.httpStatus(),
                                   tried.faultCode(), tried.message());
    }

    /** Our article, parsed, and what it says about itself. */
    private record Article(Document document, Notifier.Article summary) {
    }

    private Article read(URI source) {
        Fetched page;
        try {
            page = fetcher.fetch(new SafeFetcher.Request(source, "sending notifications", null, "text/html", true));
        } catch (FetchException e) {
            throw new NotSendable("could not read the source: " + e.getMessage());
        }
        if (!page.isSuccess() || !page.isHtml()) {
            throw new NotSendable("the source answered " + page.status() + (page.isHtml() ? "" : " with " + page.contentType()));
        }
        Document doc = Jsoup.parse(page.text(), page.url().toString());
        Site site = config.sites().siteOf(source).orElseThrow();
        String excerpt = Optional.ofNullable(doc.selectFirst("meta[name=description]")).map(m -> m.attr("content"))
                .filter(s -> !s.isBlank())
                .orElseGet(() -> summaryText(doc));
        return new Article(doc, new Notifier.Article(source, verifier.titleOf(doc).orElse(doc.title()), excerpt,
                                                     site.title()));
    }

    private static String summaryText(Document doc) {
        String text = Optional.ofNullable(doc.selectFirst(".h-entry .e-content, article, main")).orElse(doc.body()).text();
        return text.length() <= 300 ? text : text.substring(0, 300);
    }

    /** For tests and the CLI: the outcomes, one line per link. */
    public static List<String> lines(List<OutboundLink> links) {
        List<String> lines = new ArrayList<>();
        for (OutboundLink link : links) {
            lines.add(link.target() + " " + (link.protocol() == null ? "-" : link.protocol().id()) + " " + link.outcome().id()
                      + (link.linked() ? "" : " (no longer linked)")
                      + (link.message() == null ? "" : ": " + link.message()));
        }
        return lines;
    }
}
