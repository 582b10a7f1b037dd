package org.linkback.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.linkback.config.LinkbackConfig;
import org.linkback.store.Database;

/**
 * The database a test runs on. The suite runs twice (see {@code ./linkback test}): on the
 * embedded HSQLDB, a file database in the test's own folder; and, when
 * {@code -Dlinkback.test.database=postgresql} and {@code LINKBACK_TEST_POSTGRES} (a JDBC URL of a
 * PostgreSQL database the tests may create schemas in, as the user {@code linkback} or
 * {@code LINKBACK_TEST_POSTGRES_USER}, without a password) are set, on PostgreSQL, a fresh
 * schema of its own per test server.
 */
public record TestDatabase(String url, String username, String password) {

    /** The environment variable naming the PostgreSQL database of the PostgreSQL pass. */
    public static final String POSTGRES_ENV = "LINKBACK_TEST_POSTGRES";

    /** True in the suite's PostgreSQL pass. */
    public static boolean onPostgres() {
        return "postgresql".equals(System.getProperty("linkback.test.database"));
    }

    /** The database of a server whose files (if any) live under dir: empty for a new folder. */
    public static TestDatabase in(Path dir) {
        return onPostgres() ? postgresIn(dir) : embeddedIn(dir);
    }

    /** A PostgreSQL schema of the database {@code LINKBACK_TEST_POSTGRES} names, one per folder. */
    public static TestDatabase postgresIn(Path dir) {
        String base = System.getenv(POSTGRES_ENV);
        if (base == null || base.isBlank()) {
            throw new IllegalStateException("the PostgreSQL pass needs " + POSTGRES_ENV + " (./linkback test sets it)");
        }
        // the same folder names the same schema: a restart, or a second config in the folder, finds its data
        String schema = "t" + UUID.nameUUIDFromBytes(dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
        String user = System.getenv().getOrDefault(POSTGRES_ENV + "_USER", "linkback");
        try (Connection c = DriverManager.getConnection(base, user, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a schema on " + base + ": " + e.getMessage(), e);
        }
        return new TestDatabase(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, "");
    }

    /** An embedded HSQLDB file database under dir, in either pass (the default a move to PostgreSQL starts from). */
    public static TestDatabase embeddedIn(Path dir) {
        return new TestDatabase("jdbc:hsqldb:file:" + dir.resolve("db/linkback"), "SA", "");
    }

    /** The server configuration's {@code linkback.database}. */
    public LinkbackConfig.Database config() {
        return new LinkbackConfig.Database(url, username, password);
    }

    /** The YAML of {@code linkback.database}'s keys, indented to sit under {@code database:}. */
    public String yaml(String indent) {
        return indent + "url: \"" + url + "\"\n" + indent + "username: \"" + username + "\"\n" + indent + "password: \"" + password + "\"\n";
    }
}
