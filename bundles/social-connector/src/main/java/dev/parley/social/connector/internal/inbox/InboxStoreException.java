package dev.parley.social.connector.internal.inbox;

import java.sql.SQLException;

/** The inbox database failed; the caller cannot fix it by changing its input. */
public final class InboxStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InboxStoreException(SQLException cause) {
        super("inbox database error: " + cause.getMessage() + " (SQLState " + cause.getSQLState() + ")", cause);
    }

    public InboxStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
