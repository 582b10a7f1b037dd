package org.linkback.receive;

import java.util.List;
import java.util.logging.Logger;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

import org.linkback.store.Kind;

/**
 * One INFO line and one metric count per ping outcome: who (client IP), what (source,
 * target, protocol), and what came of it. Expected refusals are not stack traces.
 */
public final class PingLog {

    private static final Logger LOG = Logger.getLogger(PingLog.class.getName());

    private PingLog() {
    }

    public static void record(Kind kind, String clientIp, String source, String target, String outcome, String detail) {
        LOG.info(() -> printable(kind.id() + " " + outcome + " ip=" + clientIp + " source=" + source + " target=" + target
                                 + " " + detail));
        Counter counter = Metrics.globalRegistry().getOrCreate(
                Counter.builder("linkback.pings").tags(List.of(Tag.create("kind", kind.id()), Tag.create("outcome", outcome))));
        counter.increment();
    }

    static void refused(IncomingPing ping, PingRefusedException e) {
        record(ping.kind(), ping.clientIp(), ping.source(), ping.target(), "refused", e.refusal() + ": " + e.getMessage());
    }

    /** Remote text in a log line: no line breaks or control characters to forge other lines with. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
