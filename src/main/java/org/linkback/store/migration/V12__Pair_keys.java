package org.linkback.store.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import org.linkback.store.PairKey;

/**
 * Replaces the unique keys on (source, target) of {@code mention} and {@code outbound} with a
 * unique key on {@link PairKey}: two 2,048-character URLs do not fit in a PostgreSQL index
 * entry. A Java migration because the hash of existing rows is computed here, the same way on
 * both databases (HSQLDB has no SHA-256 in SQL).
 */
public class V12__Pair_keys extends BaseJavaMigration {

    private static final int PAGE = 5_000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        rekey(c, "mention", "mention_source_target", "mention_one_per_pair");
        rekey(c, "outbound", "outbound_one_per_link", "outbound_one_per_pair");
        try (Statement s = c.createStatement()) {
            // the old unique key also served "every link of this source"
            s.execute("CREATE INDEX outbound_by_source ON outbound (source)");
        }
    }

    private static void rekey(Connection c, String table, String oldKey, String newKey) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ADD COLUMN pair_key CHAR(64)");
        }
        long after = 0;
        try (PreparedStatement page = c.prepareStatement("SELECT id, source, target FROM " + table
                                                         + " WHERE id > ? ORDER BY id FETCH FIRST " + PAGE + " ROWS ONLY");
             PreparedStatement update = c.prepareStatement("UPDATE " + table + " SET pair_key = ? WHERE id = ?")) {
            int rows;
            do {
                page.setLong(1, after);
                rows = 0;
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong("id");
                        update.setString(1, PairKey.of(rs.getString("source"), rs.getString("target")));
                        update.setLong(2, after);
                        update.addBatch();
                        rows++;
                    }
                }
                if (rows > 0) {
                    update.executeBatch(); // HSQLDB refuses an empty batch
                }
            } while (rows == PAGE);
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ALTER COLUMN pair_key SET NOT NULL");
            s.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + oldKey);
            s.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + newKey + " UNIQUE (pair_key)");
        }
    }
}
