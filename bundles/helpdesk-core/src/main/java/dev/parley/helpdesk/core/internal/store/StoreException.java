package dev.parley.helpdesk.core.internal.store;

import java.sql.SQLException;

/** A database failure that the caller cannot fix by changing its input. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(SQLException cause) {
        super("database error: " + cause.getMessage() + " (SQLState " + cause.getSQLState() + ")", cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
