package dev.parley.sla.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** One transaction per call on the SLA tables, failures as {@link SlaStoreException}. */
final class SlaJdbc {

    private static final String UNIQUE_VIOLATION = "23505";

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private SlaJdbc() {
    }

    static <T> T read(DataSource dataSource, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new SlaStoreException("reading the SLA tables failed: " + e.getMessage(), e);
        }
    }

    /** {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    static <T> T write(DataSource dataSource, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SlaStoreException("writing the SLA tables failed: " + e.getMessage(), e);
        }
    }

    /** A batch reports the violation on itself, its next exceptions or its causes, depending on the driver. */
    static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            for (SQLException sql = t instanceof SQLException s ? s : null; sql != null; sql = sql.getNextException()) {
                if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }
}
