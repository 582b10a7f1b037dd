package org.linkback.queue;

import java.net.URI;
import java.sql.Timestamp;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import org.linkback.store.Dialect;

/**
 * Start-up recovery of one kind of job: which subjects need a job and have none (a query of
 * (id, client IP, host) rows), whatever the process was doing when it died.
 */
record Orphans(String select, RowMapper<Orphan> map) {

    /** A subject that needs a job, with what its job would name. */
    record Orphan(long subjectId, String clientIp, String host) {
    }

    /** Every pending backlink needs a check. */
    static final Orphans CHECKS = new Orphans(
            "SELECT m.id, m.client_ip, m.source_host FROM mention m WHERE m.verification = 'pending' "
            + "AND NOT EXISTS (SELECT 1 FROM verify_job j WHERE j.mention_id = m.id)",
            (rs, ctx) -> new Orphan(rs.getLong(1), rs.getString(2), rs.getString(3)));

    /** Every webhook delivery neither delivered nor given up ({@code gave_up_at}) needs a job. */
    static final Orphans WEBHOOKS = new Orphans(
            "SELECT d.id, d.webhook_url FROM webhook_delivery d WHERE d.delivered_at IS NULL AND d.gave_up_at IS NULL "
            + "AND NOT EXISTS (SELECT 1 FROM webhook_job j WHERE j.delivery_id = d.id)",
            (rs, ctx) -> new Orphan(rs.getLong(1), null, hostOf(rs.getString(2))));

    /** Every fediverse delivery neither delivered nor given up needs a job. */
    static final Orphans DELIVERIES = new Orphans(
            "SELECT d.id, d.inbox FROM fediverse_delivery d WHERE d.delivered_at IS NULL AND d.gave_up_at IS NULL "
            + "AND NOT EXISTS (SELECT 1 FROM fediverse_delivery_job j WHERE j.delivery_id = d.id)",
            (rs, ctx) -> new Orphan(rs.getLong(1), null, hostOf(rs.getString(2))));

    /** Every email neither sent nor given up needs a job. */
    static final Orphans MAILS = new Orphans(
            "SELECT m.id FROM mail_message m WHERE m.sent_at IS NULL AND m.gave_up_at IS NULL "
            + "AND NOT EXISTS (SELECT 1 FROM mail_job j WHERE j.message_id = m.id)",
            (rs, ctx) -> new Orphan(rs.getLong(1), null, null));

    /** Every outbound link still {@code pending} (queued) or {@code pending-retry} (failed for a passing reason) needs a job. */
    static final Orphans SENDS = new Orphans(
            "SELECT o.id, o.target FROM outbound o WHERE o.outcome IN ('pending', 'pending-retry') "
            + "AND NOT EXISTS (SELECT 1 FROM send_job j WHERE j.outbound_id = o.id)",
            (rs, ctx) -> new Orphan(rs.getLong(1), null, hostOf(rs.getString(2))));

    /**
     * Queues a job, due {@code now}, for each orphan, in {@code table} keyed by {@code subject}.
     *
     * @return how many were queued
     */
    int queue(Handle h, Dialect dialect, String table, String subject, Timestamp now) {
        int inserted = 0;
        for (Orphan orphan : h.createQuery(select).map(map).list()) {
            // another process starting at the same time may queue the same ones: each once, row by row
            inserted += dialect.insertUnlessTaken(h, "INSERT INTO " + table + " (" + subject + ", client_ip, host, run_after, "
                                                     + "requested_at) VALUES (:subject, :ip, :host, :now, :now)",
                                                  subject, insert -> insert.bind("subject", orphan.subjectId())
                                                          .bind("ip", orphan.clientIp())
                                                          .bind("host", orphan.host())
                                                          .bind("now", now));
        }
        return inserted;
    }

    /** The host a job on this URL fetches from (fairness), or null when it has none. */
    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
