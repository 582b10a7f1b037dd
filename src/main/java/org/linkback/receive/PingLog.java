package org.linkback.receive;

import java.util.List;
import java.util.logging.Logger;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import org.jdbi.v3.core.Handle;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlink;

/**
 * Every ping outcome, three ways: one INFO log line, one metric count, and (but for retries)
 * one audit log entry. An outcome that changes a backlink is audited in the same unit of work
 * (the {@link Handle} passed in); refusals change nothing and are audited in batches.
 * Expected refusals are not stack traces.
 */
public final class PingLog {

    private static final Logger LOG = Logger.getLogger(PingLog.class.getName());

    private final AuditLog audit;

    public PingLog(AuditLog audit) {
        this.audit = audit;
    }

    /** A ping verified and stored (at once, or by a background check). */
    void accepted(Handle h, IncomingPing ping, Backlink m, boolean background) {
        write(h, ping, background ? "check" : "ping", "accepted", m.id(), m.status().id(),
              "id=" + m.id() + " status=" + m.status().id() + " spamScore=" + m.assessment().score());
    }

    /**
     * A refused ping. Its audit entry is written with the next batch, so a flood of refused
     * pings cannot turn into a flood of disk syncs.
     */
    void refused(IncomingPing ping, PingRefusedException e) {
        String detail = e.refusal() + ": " + e.fullMessage();
        line(ping, "refused", detail);
        count(ping, "refused");
        audit.recordSoon(entry(ping, "ping", "refused", null, null, detail));
    }

    /** A webmention accepted for a background check. */
    void queued(Handle h, IncomingPing ping, Backlink m) {
        write(h, ping, "ping", "queued", m.id(), null, "id=" + m.id());
    }

    /** A background check failed for good: the backlink is rejected or deleted. */
    void failed(Handle h, IncomingPing ping, Backlink m) {
        write(h, ping, "check", m.check().id(), m.id(), m.status().id(), m.reason());
    }

    /** A background check will be tried again; not audited, to keep retries from flooding the log. */
    void retry(IncomingPing ping, String reason) {
        line(ping, "retry", reason);
        count(ping, "retry");
    }

    private void write(Handle h, IncomingPing ping, String actor, String outcome, Long mentionId, String newStatus,
                       String detail) {
        line(ping, outcome, detail);
        count(ping, outcome);
        audit.record(h, entry(ping, actor, outcome, mentionId, newStatus, detail));
    }

    private static AuditEntry entry(IncomingPing ping, String actor, String outcome, Long mentionId, String newStatus, String detail) {
        return AuditEntry.of(actor, actor + "." + outcome, mentionId, ping.kind().id(), ping.source(), ping.target(),
                             ping.clientIp(), null, newStatus, detail);
    }

    private static void line(IncomingPing ping, String outcome, String detail) {
        LOG.info(() -> printable(ping.kind().id() + " " + outcome + " ip=" + ping.clientIp() + " source=" + ping.source()
                                 + " target=" + ping.target() + " " + detail));
    }

    private static void count(IncomingPing ping, String outcome) {
        Counter counter = Services.get(MeterRegistry.class).getOrCreate(
                Counter.builder("linkback.pings").tags(List.of(Tag.create("kind", ping.kind().id()), Tag.create("outcome", outcome))));
        counter.increment();
    }

    /** Remote text in a log line: no line breaks or control characters to forge other lines with. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
