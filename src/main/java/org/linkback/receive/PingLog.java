package org.linkback.receive;

import java.util.List;
import java.util.logging.Logger;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlink;

/**
 * Every ping outcome as one INFO log line and one metric count. A refusal changes nothing, so it
 * is audited here too, in batches; an outcome that changes a backlink was audited by
 * {@code backlink/Backlinks} in the change's unit of work. Expected refusals are not stack traces.
 */
public final class PingLog {

    private static final Logger LOG = Logger.getLogger(PingLog.class.getName());

    private final AuditLog audit;

    public PingLog(AuditLog audit) {
        this.audit = audit;
    }

    /** A ping verified and stored (at once, or by a background check). */
    void accepted(IncomingPing ping, Backlink m, boolean background) {
        write(ping, "accepted", "id=" + m.id() + " status=" + m.status().id() + " spamScore=" + m.assessment().score());
    }

    /**
     * A refused ping. Its audit entry is written with the next batch, so a flood of refused
     * pings cannot turn into a flood of disk syncs.
     */
    void refused(IncomingPing ping, PingRefusedException e) {
        String detail = e.refusal() + ": " + e.fullMessage();
        write(ping, "refused", detail);
        audit.recordSoon(AuditEntry.of("ping", "ping.refused", null, ping.kind().id(), ping.source(), ping.target(), ping.clientIp(),
                                       null, null, detail).withReason(e.refusal().id()));
    }

    /** A webmention accepted for a background check. */
    void queued(IncomingPing ping, Backlink m) {
        write(ping, "queued", "id=" + m.id());
    }

    /** A background check failed for good: the backlink is rejected or deleted. */
    void failed(IncomingPing ping, Backlink m) {
        write(ping, m.check().id(), m.reason());
    }

    /** A background check will be tried again; not audited, to keep retries from flooding the log. */
    void retry(IncomingPing ping, String reason) {
        write(ping, "retry", reason);
    }

    private static void write(IncomingPing ping, String outcome, String detail) {
        line(ping, outcome, detail);
        count(ping, outcome);
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
