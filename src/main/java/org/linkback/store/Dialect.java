package org.linkback.store;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The few things linkback says differently to its two databases: the embedded HSQLDB and
 * PostgreSQL. Everything else is the same SQL.
 *
 * <p>The one that matters: an INSERT that meets a unique key another request has just taken.
 * HSQLDB rolls back that statement only, so the unit of work can carry on; PostgreSQL aborts
 * the whole transaction ("current transaction is aborted"), so there the INSERT says
 * {@code ON CONFLICT DO NOTHING} and never fails for a duplicate.
 */
public enum Dialect {
    HSQLDB,
    POSTGRESQL;

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:hsqldb:")) {
            return HSQLDB;
        }
        throw new IllegalArgumentException("linkback runs on HSQLDB (jdbc:hsqldb:) or PostgreSQL (jdbc:postgresql:), not " + jdbcUrl);
    }

    /**
     * Runs an INSERT unless a row with the same unique key exists (or is being inserted by another
     * transaction, which it then waits for), in the caller's unit of work, which goes on either way.
     *
     * @param insert   {@code INSERT INTO table (...) VALUES (...)} or {@code ... SELECT ...}
     * @param conflict the columns of the unique key it may meet, e.g. {@code "pair_key"}
     * @param bind     binds the statement's parameters
     * @return the rows inserted: 0 when the key was taken
     */
    public int insertUnlessTaken(Handle h, String insert, String conflict, UnaryOperator<Update> bind) {
        if (this == POSTGRESQL) {
            return bind.apply(h.createUpdate(insert + " ON CONFLICT (" + conflict + ") DO NOTHING")).execute();
        }
        try {
            return bind.apply(h.createUpdate(insert)).execute();
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                return 0;
            }
            throw e;
        }
    }

    /** {@link #insertUnlessTaken} for one row, returning the generated {@code id}, or empty when the key was taken. */
    public Optional<Long> insertReturningId(Handle h, String insert, String conflict, UnaryOperator<Update> bind) {
        if (this == POSTGRESQL) {
            return bind.apply(h.createUpdate(insert + " ON CONFLICT (" + conflict + ") DO NOTHING"))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).findOne();
        }
        try {
            return Optional.of(bind.apply(h.createUpdate(insert)).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** SQLSTATE 23505, the standard's "unique violation", which both databases use. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
