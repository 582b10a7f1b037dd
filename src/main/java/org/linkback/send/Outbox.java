package org.linkback.send;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * Outgoing notifications for our own articles. {@link #queue} reads an article, takes the links
 * of its content, and queues a notification for each target that was not notified yet (or whose
 * last try failed) in the durable {@code send_job} queue, in one unit of work with the links'
 * rows; it answers at once. A target the article no longer links to gets a webmention again when
 * it had one (Webmention update semantics), so it can see the link is gone. Unchanged links that
 * were sent are not sent again.
 *
 * <p>The queue's workers send ({@link #handle}): one job per target host at a time, a short pause
 * between two requests to one endpoint host ({@code send.per-host-interval-ms}, 1 s), and longer
 * waits only when the receiver asks for them (a {@code Retry-After}, WordPress's flood answer),
 * as jobs postponed rather than workers asleep. An attempt's record and what becomes of its job
 * (done, or its retry) commit in one unit of work.
 */
public final class Outbox implements JobWorker.Handler {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    private final LinkbackConfig config;
    private final Database database;
    private final SafeFetcher fetcher;
    private final Verifier verifier;
    private final JobQueue sends;
    private final OutboundStore store;
    private final EndpointDiscovery discovery;
    private final Notifier notifier;
    /** A short pause between two notifications to one endpoint host; longer when a host asks for it. */
    private final HostPacer pacer;
    /** What an article says about itself (not its page), read once per send rather than once per link. */
    private final Cache<String, Notifier.Article> articles = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10))
            .maximumSize(1_000).build();

    public Outbox(LinkbackConfig config, Database database, SafeFetcher fetcher, Verifier verifier, JobQueue sends) {
        this.config = config;
        this.database = database;
        this.fetcher = fetcher;
        this.verifier = verifier;
        this.sends = sends;
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
     * Queues the notifications of one of our articles; they go out in the background.
     *
     * @return every link of the article ever found, those queued now {@code pending}
     * @throws NotSendable when the URL is not an article of a configured site, or cannot be read
     */
    public List<OutboundLink> queue(String sourceUrl) {
        URI source = Urls.parseCanonical(sourceUrl).orElseThrow(() -> new NotSendable("the source is not an http(s) URL"));
        Site site = config.sites().siteOf(source).orElseThrow(() -> new NotSendable("the source is not on a site served here"));
        Article article = read(source);
        articles.put(source.toString(), article.summary());
        Set<URI> targets = LinkExtractor.links(article.document(), source, config.send().includeSameSite());
        return database.inTransaction(h -> {
            Map<String, OutboundLink> known = store.forSource(h, source.toString()).stream()
                    .collect(Collectors.toMap(OutboundLink::target, Function.identity()));
            for (URI target : targets) {
                OutboundLink link = store.upsertLinked(h, source.toString(), target.toString(), site.name());
                OutboundLink before = known.get(target.toString());
                if (before == null || !before.linked() || before.outcome() != OutboundLink.Outcome.SENT) {
                    pending(h, link.id(), target);
                } // unchanged and sent: not again
            }
            for (OutboundLink gone : known.values()) {
                if (gone.linked() && !targets.contains(URI.create(gone.target()))) {
                    store.markUnlinked(h, gone.id());
                    if (gone.protocol() == Protocol.WEBMENTION && gone.outcome() == OutboundLink.Outcome.SENT) {
                        pending(h, gone.id(), URI.create(gone.target())); // tell it the link is gone
                    }
                }
            }
            return store.forSource(h, source.toString());
        });
    }

    private void pending(Handle h, long linkId, URI target) {
        if (store.markPending(h, linkId)) { // not if a worker sent it a moment ago
            sends.enqueue(h, linkId, null, target.getHost());
        }
    }

    /** Every link of an article, with what happened to it (empty when never sent). */
    public List<OutboundLink> links(String sourceUrl) {
        return Urls.parseCanonical(sourceUrl).map(source -> store.forSource(source.toString())).orElse(List.of());
    }

    /**
     * Sends one queued notification (a first try or a retry). The attempt's record and what
     * becomes of its job (done, or its retry after the receiver's {@code Retry-After}, else the
     * queue's backoff) commit in one unit of work: a kill between them loses nothing and repeats
     * nothing. A host that asked us to wait postpones the job without a request or an attempt.
     */
    @Override
    public Optional<String> handle(Job job) {
        Optional<OutboundLink> found = store.findById(job.subjectId());
        if (found.isEmpty() || found.get().outcome() == OutboundLink.Outcome.SENT && found.get().linked()) {
            return Optional.empty(); // gone, or sent meanwhile
        }
        OutboundLink link = found.get();
        Attempt tried;
        if (!link.linked() && link.protocol() != Protocol.WEBMENTION) {
            // removed from the article before it went out: only a webmention tells a removal
            tried = new Attempt(link.protocol(), link.endpoint(), OutboundLink.Outcome.FAILED, null, null,
                                "not sent: the article no longer links here", null);
        } else {
            Optional<Duration> heldOff = heldOff(link);
            if (heldOff.isPresent()) {
                sends.postpone(job, heldOff.get()); // its host asked us to wait: no request made, no attempt counted
                return Optional.empty();
            }
            try {
                tried = tryOnce(link, summary(link.source()), URI.create(link.target()));
            } catch (NotSendable e) {
                tried = new Attempt(null, null, OutboundLink.Outcome.PENDING_RETRY, null, null, e.getMessage(), null);
            }
            if (tried.outcome() == null) {
                sends.postpone(job, tried.retryAfter());
                return Optional.empty();
            }
            if (Thread.currentThread().isInterrupted()) {
                return Optional.of("stopping"); // cut short by a stop: nothing recorded, the lease goes back
            }
        }
        boolean again = tried.outcome() == OutboundLink.Outcome.PENDING_RETRY;
        if (again && job.attempts() + 1 >= config.queue().maxAttempts()) {
            tried = tried.givenUp(job.attempts() + 1);
            again = false;
        }
        Attempt recorded = tried;
        Duration delay = tried.retryAfter() != null ? tried.retryAfter() : config.queue().backoff(job.attempts());
        boolean retry = again;
        database.useTransaction(h -> {
            record(h, link.id(), recorded);
            if (retry) {
                sends.retry(h, job, delay, recorded.message());
            } else {
                sends.complete(h, job);
            }
        });
        return Optional.empty(); // settled or rescheduled above; the worker's own complete finds nothing left to do
    }

    /** How long the link's hosts (its target's, the endpoint's it went to before) still asked us to wait, if longer than a pause. */
    private Optional<Duration> heldOff(OutboundLink link) {
        Duration wait = pacer.waitFor(URI.create(link.target()).getHost());
        if (link.endpoint() != null) {
            Duration endpoint = pacer.waitFor(URI.create(link.endpoint()).getHost());
            wait = endpoint.compareTo(wait) > 0 ? endpoint : wait;
        }
        return wait.compareTo(config.send().perHostInterval()) > 0 ? Optional.of(wait) : Optional.empty();
    }

    /** The article's summary, read again only when not read in the last minutes (never inside the cache's lock). */
    private Notifier.Article summary(String source) {
        Notifier.Article known = articles.getIfPresent(source);
        if (known != null) {
            return known;
        }
        Notifier.Article read = read(URI.create(source)).summary();
        articles.put(source, read);
        return read;
    }

    @Override
    public void giveUp(Job job, String lastReason) {
        store.findById(job.subjectId()).ifPresent(link -> database.useTransaction(h -> store.recordAttempt(
                h, link.id(), link.protocol(), link.endpoint(), OutboundLink.Outcome.FAILED, link.httpStatus(), link.faultCode(),
                "gave up after repeated failures: " + lastReason)));
    }

    /** What one try came to, before it is recorded. */
    private record Attempt(Protocol protocol, String endpoint, OutboundLink.Outcome outcome, Integer httpStatus,
                           Integer faultCode, String message, Duration retryAfter) {

        static Attempt failed(Protocol protocol, String endpoint, SendFailure failure) {
            return new Attempt(protocol, endpoint, failure.isTransient() ? OutboundLink.Outcome.PENDING_RETRY : OutboundLink.Outcome.FAILED,
                               failure.httpStatus(), failure.faultCode(), failure.getMessage(), failure.retryAfter());
        }

        /** Nothing tried: the endpoint's host asked us to wait this long (outcome null). */
        static Attempt notNow(Duration wait) {
            return new Attempt(null, null, null, null, null, null, wait);
        }

        Attempt givenUp(int attempts) {
            return new Attempt(protocol, endpoint, OutboundLink.Outcome.FAILED, httpStatus, faultCode,
                               "gave up after " + attempts + " attempts: " + message, null);
        }
    }

    /** Discovers the target's endpoint and notifies it; writes nothing (the network is no place to hold a transaction). */
    private Attempt tryOnce(OutboundLink link, Notifier.Article article, URI target) {
        Optional<Endpoint> endpoint;
        try {
            endpoint = discovery.discover(target);
        } catch (SendFailure e) {
            if (e.retryAfter() != null) {
                pacer.holdOff(target.getHost(), e.retryAfter()); // the target's host asked: its other links wait too
            }
            return Attempt.failed(null, null, e);
        }
        if (endpoint.isEmpty()) {
            return new Attempt(null, null, OutboundLink.Outcome.NO_ENDPOINT, null, null,
                               "the target names no webmention, pingback or TrackBack endpoint", null);
        }
        Endpoint to = endpoint.get();
        String host = to.url().getHost();
        try {
            // a short pause is waited here; a longer wait the host asked for makes the job due later (no worker sleeps)
            Duration heldOff = pacer.takeTurn(host, config.send().perHostInterval());
            if (heldOff.isPositive()) {
                return Attempt.notNow(heldOff);
            }
            String result;
            try {
                result = notifier.notify(to, article, target);
            } finally {
                pacer.finished(host);
            }
            LOG.info(() -> "sent " + to.protocol().id() + " " + article.url() + " -> " + target + ": " + result);
            return new Attempt(to.protocol(), to.url().toString(), OutboundLink.Outcome.SENT, null, null, result, null);
        } catch (SendFailure e) {
            if (e.retryAfter() != null) {
                pacer.holdOff(host, e.retryAfter()); // the other links to that host wait too
            }
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
