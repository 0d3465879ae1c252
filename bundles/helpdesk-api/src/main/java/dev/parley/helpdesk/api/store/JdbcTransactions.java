package dev.parley.helpdesk.api.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;

import javax.sql.DataSource;

/**
 * Runs units of JDBC work on the host database (the {@code parley.datasource=helpdesk} DataSource
 * service): each {@link #inTransaction} call commits, or rolls back on any failure, and returns the
 * connection with auto-commit restored. A concrete helper rather than an interface because every
 * bundle with its own tables needs exactly this and nothing more; the caller decides what an
 * {@link SQLException} becomes (its own store exception, an HTTP 503, ...).
 */
public final class JdbcTransactions {

    /** Work done on an open connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** SQLState of a unique-constraint violation on H2 and PostgreSQL alike. */
    public static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Function<SQLException, ? extends RuntimeException> failure;

    /** {@code failure} turns a database error into the exception the caller's code expects. */
    public JdbcTransactions(DataSource dataSource, Function<SQLException, ? extends RuntimeException> failure) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure.apply(e);
        }
    }

    /** Read-only work outside an explicit transaction. */
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure.apply(e);
        }
    }

    /** Whether {@code error} or one of its causes is a unique-constraint violation. */
    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
