package org.linkback.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps each pooled connection's prepared statements for the next use of the same SQL. HSQLDB
 * compiles a statement at every prepare and forgets it once no statement of that SQL is open, so
 * without this every query of every ping was parsed and planned again (an eighth of a ping's CPU).
 *
 * <p>Statements are prepared on the database's own connection beneath the pool's proxy (the pool
 * closes the statements of a proxy when it is given back); they live as long as that connection.
 * Statements that return generated keys are not kept.
 */
final class ReusedStatements implements StatementBuilderFactory {

    /** Kept per SQL text and connection: enough for a statement used again while it is still open. */
    private static final int PER_SQL = 2;

    /** By the database's own connection; forgotten when the pool has closed it (it renews connections now and then). */
    private final Map<Connection, Map<String, Deque<PreparedStatement>>> kept = new HashMap<>();
    private volatile boolean newConnectionSeen;

    @Override
    public StatementBuilder createStatementBuilder(Connection conn) {
        return new DefaultStatementBuilder() {
            @Override
            public PreparedStatement create(Connection connection, String sql, StatementContext ctx) throws SQLException {
                if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
                    return super.create(connection, sql, ctx);
                }
                Connection own = connection.unwrap(Connection.class);
                PreparedStatement statement = take(own, sql);
                return statement != null ? statement : own.prepareStatement(sql);
            }

            @Override
            public void close(Connection connection, String sql, Statement statement) throws SQLException {
                Connection own = connection.unwrap(Connection.class);
                if (statement instanceof PreparedStatement prepared && prepared.getConnection() == own && !prepared.isClosed()) {
                    prepared.clearParameters();
                    prepared.clearBatch();
                    if (give(own, sql, prepared)) {
                        return;
                    }
                }
                super.close(connection, sql, statement);
            }
        };
    }

    // The lock guards the maps only: no JDBC call is made while holding it (HSQLDB's connections
    // synchronise on themselves, and another thread may be inside one of them).

    private PreparedStatement take(Connection own, String sql) throws SQLException {
        if (newConnectionSeen) {
            forgetClosedConnections();
        }
        while (true) {
            PreparedStatement statement;
            synchronized (this) {
                Deque<PreparedStatement> free = statementsOf(own).get(sql);
                statement = free == null ? null : free.poll();
            }
            if (statement == null || !statement.isClosed()) {
                return statement;
            }
        }
    }

    private synchronized boolean give(Connection own, String sql, PreparedStatement statement) {
        Deque<PreparedStatement> free = statementsOf(own).computeIfAbsent(sql, s -> new ArrayDeque<>());
        if (free.size() >= PER_SQL) {
            return false;
        }
        free.push(statement);
        return true;
    }

    private Map<String, Deque<PreparedStatement>> statementsOf(Connection own) {
        Map<String, Deque<PreparedStatement>> statements = kept.get(own);
        if (statements == null) {
            statements = new HashMap<>();
            kept.put(own, statements);
            newConnectionSeen = true; // the pool renewed one: a good time to forget closed ones
        }
        return statements;
    }

    private void forgetClosedConnections() {
        List<Connection> known;
        synchronized (this) {
            newConnectionSeen = false;
            known = new ArrayList<>(kept.keySet());
        }
        known.removeIf(connection -> !isClosed(connection));
        synchronized (this) {
            known.forEach(kept::remove);
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
