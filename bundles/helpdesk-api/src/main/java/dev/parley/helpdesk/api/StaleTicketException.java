package dev.parley.helpdesk.api;

/** The ticket changed since the caller read it: re-read and try again. */
public class StaleTicketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long currentVersion;

    public StaleTicketException(long ticketId, long expectedVersion, long currentVersion) {
        super("ticket " + ticketId + " is at version " + currentVersion + ", not " + expectedVersion);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
