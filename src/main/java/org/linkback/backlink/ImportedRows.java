package org.linkback.backlink;

import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.store.Dialect;
import org.linkback.store.PairKey;

/** Backlinks read from an export, stored exactly as the file has them: a move, not a change. */
final class ImportedRows {

    private ImportedRows() {
    }

    /**
     * Stores a backlink read from an export with every field exactly as it had it (its id is the
     * new row's), so that exporting it again gives the same line.
     *
     * @return the new row's id, or empty when its pair (or its status token) is taken
     */
    static Optional<Long> insert(Handle h, Dialect dialect, Backlinks.Imported row) {
        Backlink b = row.backlink();
        return dialect.insertReturningId(h, "INSERT INTO mention (kind, source, source_host, target, pair_key, site, status, verification, "
                                            + "reason, reason_code, title, excerpt, author, client_ip, spam_score, spam_reasons, received_at, "
                                            + "verified_at, updated_at, status_token, missing_count, last_swept_at) VALUES (:kind, :source, "
                                            + ":sourceHost, :target, :pairKey, :site, :status, :verification, :reason, :reasonCode, :title, "
                                            + ":excerpt, :author, :clientIp, :score, :reasons, :receivedAt, :verifiedAt, :updatedAt, :token, "
                                            + ":missing, :sweptAt)",
                                         "pair_key", insert -> insert.bind("kind", b.kind().id())
                                                 .bind("source", b.source())
                                                 .bind("sourceHost", row.sourceHost())
                                                 .bind("target", b.target())
                                                 .bind("pairKey", PairKey.of(b.source(), b.target()))
                                                 .bind("site", b.site())
                                                 .bind("status", b.status().id())
                                                 .bind("verification", b.check().id())
                                                 .bind("reason", b.reason())
                                                 .bind("reasonCode", b.failure() == null ? null : b.failure().id())
                                                 .bind("clientIp", b.clientIp())
                                                 .bind("receivedAt", BacklinkStore.timestamp(b.receivedAt()))
                                                 .bind("verifiedAt", BacklinkStore.timestamp(b.verifiedAt()))
                                                 .bind("updatedAt", BacklinkStore.timestamp(b.updatedAt()))
                                                 .bind("token", b.statusToken())
                                                 .bind("missing", b.missingCount())
                                                 .bind("sweptAt", BacklinkStore.timestamp(row.lastSweptAt()))
                                                 .bind("title", b.title())
                                                 .bind("excerpt", b.excerpt())
                                                 .bind("author", b.author())
                                                 .bind("score", b.assessment().score())
                                                 .bind("reasons", BacklinkStore.reasons(b.assessment())))
                .map(id -> {
                    InteractionColumns.save(h, id, b.interaction());
                    return id;
                });
    }
}
