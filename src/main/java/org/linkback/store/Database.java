package org.linkback.store;

import java.util.logging.Logger;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

import org.linkback.config.LinkbackConfig;

/**
 * Opens the database, migrates it with the Flyway scripts from {@code sql/}, and hands out Jdbi.
 */
public final class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final Jdbi jdbi;
    private final boolean hsqldb;

    private Database(Jdbi jdbi, boolean hsqldb) {
        this.jdbi = jdbi;
        this.hsqldb = hsqldb;
    }

    public static Database open(LinkbackConfig.Database config) {
        String url = jdbcUrl(config.url());
        Flyway.configure()
                .dataSource(url, config.username(), config.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        Jdbi jdbi = Jdbi.create(url, config.username(), config.password());
        boolean hsqldb = url.startsWith("jdbc:hsqldb:");
        if (hsqldb && url.startsWith("jdbc:hsqldb:file:") && !url.contains("hsqldb.write_delay=true")) {
            // Acknowledged = durable: every commit reaches the disk before we answer
            // (also for a database created before this setting was in the URL).
            jdbi.useHandle(h -> h.execute("SET FILES WRITE DELAY FALSE"));
        }
        LOG.info(() -> "database ready at " + config.url());
        return new Database(jdbi, hsqldb);
    }

    /**
     * HSQLDB file databases get CACHED tables (not the whole table in RAM) and no write delay.
     */
    static String jdbcUrl(String url) {
        if (!url.startsWith("jdbc:hsqldb:file:")) {
            return url;
        }
        StringBuilder result = new StringBuilder(url);
        if (!url.contains("hsqldb.default_table_type")) {
            result.append(";hsqldb.default_table_type=cached");
        }
        if (!url.contains("hsqldb.write_delay")) {
            result.append(";hsqldb.write_delay=false");
        }
        return result.toString();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean isUp() {
        try {
            return jdbi.withHandle(h -> h.getConnection().isValid(2));
        } catch (RuntimeException | java.sql.SQLException e) {
            return false;
        }
    }

    /**
     * Closes an embedded database cleanly so the same files can be opened again in this JVM.
     */
    public void close() {
        if (hsqldb) {
            try {
                jdbi.useHandle(h -> h.execute("SHUTDOWN"));
            } catch (RuntimeException e) {
                LOG.fine(() -> "shutdown: " + e.getMessage());
            }
        }
    }
}
