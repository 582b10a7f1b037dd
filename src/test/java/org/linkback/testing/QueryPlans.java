package org.linkback.testing;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

import org.linkback.store.Database;

/**
 * What HSQLDB plans for the queries a piece of code runs: the SQL is caught as it is executed,
 * then explained. A query reads just the rows it returns only when it reads them, in the order
 * asked for, from the index made for it; otherwise it reads and sorts every row its WHERE matches.
 */
public final class QueryPlans {

    private QueryPlans() {
    }

    /** The SELECTs {@code work} ran on {@code database}, with their parameters as {@code ?}. */
    public static List<String> selectsOf(Database database, Runnable work) {
        List<String> seen = new ArrayList<>();
        SqlStatements statements = database.jdbi().getConfig(SqlStatements.class);
        SqlLogger before = statements.getSqlLogger();
        statements.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                String sql = context.getParsedSql().getSql();
                if (sql.startsWith("SELECT")) {
                    synchronized (seen) {
                        seen.add(sql);
                    }
                }
            }
        });
        try {
            work.run();
        } finally {
            statements.setSqlLogger(before);
        }
        return seen;
    }

    /** HSQLDB's plan for a query, as its lines joined. */
    public static String plan(Database database, String sql) {
        // plain JDBC: the plan needs no values for the parameters (Jdbi would insist on them)
        return database.read(h -> {
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement explain = h.getConnection().prepareStatement("EXPLAIN PLAN FOR " + sql);
                 ResultSet lines = explain.executeQuery()) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return plan.toString();
        });
    }

    /**
     * Whether the plan reads its rows, in the order asked for, from the index whose name starts
     * with {@code index} (no sort of every match). The name matters: HSQLDB also says "uses index"
     * when it walks another index that only begins with the same column.
     */
    public static boolean readsInOrderFrom(Database database, String sql, String index) {
        String plan = plan(database, sql);
        return plan.contains("uses index") && plan.contains("index=" + index.toUpperCase(Locale.ROOT));
    }
}
