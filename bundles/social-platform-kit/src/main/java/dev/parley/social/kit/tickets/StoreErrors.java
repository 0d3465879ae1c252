package dev.parley.social.kit.tickets;

import java.sql.SQLException;

/**
 * A store failure as a log line or a health report may show it: a database's data or constraint
 * error (SQLState class 22 or 23) can quote the values it refused, a customer's text among them,
 * so only its class and SQLState are shown; the whole failure belongs at DEBUG.
 */
public final class StoreErrors {

    private StoreErrors() {
    }

    public static String loggable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return sql.getClass().getSimpleName() + ", SQLState " + sql.getSQLState();
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
