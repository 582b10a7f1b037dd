package org.linkback.store;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

import org.linkback.config.LinkbackConfig;

/**
 * Opens the database, migrates it with the Flyway scripts from {@code sql/}, and runs units of work.
 *
 * <p>The rule for writes: {@link #inTransaction} is the one way to open a transaction, and every
 * store method that writes takes the {@link Handle} of that unit of work as its first parameter.
 * So what must commit together (a backlink, its audit entry, its queued job) is visibly one call,
 * and nothing can commit on its own by accident. Reads that need no transaction use {@link #read}.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    private static final int POOL_SIZE = 10;
    /** Open databases per JDBC URL in this JVM: HSQLDB shares one embedded database among them. */
    private static final Map<String, Integer> OPEN = new HashMap<>();

    private final Jdbi jdbi;
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String url;
    /** For the embedded HSQLDB (by default): one log sync for many concurrent commits; else null. */
    private final GroupCommit groupCommit;

    private Database(Jdbi jdbi, HikariDataSource pool, Dialect dialect, String url, GroupCommit groupCommit) {
        this.jdbi = jdbi;
        this.pool = pool;
        this.dialect = dialect;
        this.url = url;
        this.groupCommit = groupCommit;
        synchronized (OPEN) {
            OPEN.merge(url, 1, Integer::sum);
        }
    }

    /** Which database this is: the SQL that differs between them asks. */
    public Dialect dialect() {
        return dialect;
    }

    public static Database open(LinkbackConfig.Database config) {
        String url = jdbcUrl(config.url());
        Dialect dialect = Dialect.of(url);
        // A pool, not a connection per query: HSQLDB writes and syncs its log when a session closes.
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setPoolName("linkback");
        HikariDataSource pool = new HikariDataSource(hikari);
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration", "classpath:org/linkback/store/migration")
                .load()
                .migrate();
        Jdbi jdbi = Jdbi.create(pool);
        if (dialect == Dialect.HSQLDB) {
            jdbi.setStatementBuilderFactory(new ReusedStatements());
        }
        boolean fileDatabase = url.startsWith("jdbc:hsqldb:file:");
        GroupCommit groupCommit = null;
        if (fileDatabase && url.contains("hsqldb.write_delay=false")) {
            // asked for in the URL: HSQLDB syncs its log at every commit itself
            jdbi.useHandle(h -> h.execute("SET FILES WRITE DELAY FALSE"));
        } else if (fileDatabase && !url.contains("hsqldb.write_delay=true")) {
            // Acknowledged = durable, by group commit: a commit only writes the log, and each unit
            // of work waits for a log sync that covers it before we answer (set here also for
            // databases created before, which stored "sync at every commit").
            jdbi.useHandle(h -> h.execute("SET FILES WRITE DELAY 500 MILLIS"));
            groupCommit = jdbi.withHandle(h -> new GroupCommit(h.getConnection()));
        }
        LOG.info(() -> "database ready at " + withoutPassword(config.url()));
        return new Database(jdbi, pool, dialect, url, groupCommit);
    }

    /**
     * HSQLDB file databases get CACHED tables (not the whole table in RAM), multi-version
     * concurrency instead of table locks, and a row cache of a known size. (Durability is set
     * in {@link #open}: group commit, or a sync at every commit when the URL asks for
     * {@code hsqldb.write_delay=false}.)
     */
    static String jdbcUrl(String url) {
        if (!url.startsWith("jdbc:hsqldb:file:")) {
            return url;
        }
        StringBuilder result = new StringBuilder(url);
        if (!url.contains("hsqldb.default_table_type")) {
            result.append(";hsqldb.default_table_type=cached");
        }
        if (!url.contains("hsqldb.tx")) {
            result.append(";hsqldb.tx=mvcc"); // readers and writers of different rows do not wait for each other
        }
        // HSQLDB keeps recently used rows and index nodes of CACHED tables in the Java heap: 64 MiB
        // (HSQLDB's default is 10 MiB) of the 256 MiB heap the launcher gives, which loads a
        // million backlinks a quarter faster and keeps indexes of hot feeds in memory.
        if (!url.contains("hsqldb.cache_size")) {
            result.append(";hsqldb.cache_size=65536");
        }
        if (!url.contains("hsqldb.cache_rows")) {
            result.append(";hsqldb.cache_rows=200000");
        }
        return result.toString();
    }

    /** The JDBC URL as it may be logged: a password given in it (PostgreSQL's {@code password=}) masked. */
    public static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Runs a unit of work in one transaction: it has committed, and is on disk, when this returns. */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        if (groupCommit == null) {
            return jdbi.inTransaction(work);
        }
        // committed, and the connection back in the pool, before waiting for the log sync that covers it
        T result = jdbi.inTransaction(work);
        groupCommit.awaitDurable();
        return result;
    }

    /** {@link #inTransaction} for work without a result. */
    public void useTransaction(HandleConsumer<RuntimeException> work) {
        inTransaction(h -> {
            work.useHandle(h);
            return null;
        });
    }

    /** Runs a read (or a single self-contained statement) on a handle of its own. */
    public <T> T read(HandleCallback<T, RuntimeException> query) {
        return jdbi.withHandle(query);
    }

    public boolean isUp() {
        try {
            return jdbi.withHandle(h -> h.getConnection().isValid(2));
        } catch (RuntimeException | java.sql.SQLException e) {
            return false;
        }
    }

    /**
     * Closes an embedded database cleanly so the same files can be opened again in this JVM
     * (unless another server in this JVM still uses it).
     */
    @Override
    public void close() {
        boolean last;
        synchronized (OPEN) {
            last = OPEN.merge(url, -1, Integer::sum) == 0;
            if (last) {
                OPEN.remove(url);
            }
        }
        if (dialect == Dialect.HSQLDB && last) {
            try {
                jdbi.useHandle(h -> h.execute("SHUTDOWN"));
            } catch (RuntimeException e) {
                LOG.fine(() -> "shutdown: " + e.getMessage());
            }
        }
        pool.close();
    }
}
