package dev.parley.helpdesk.api;

/** The ticket (or message) asked for does not exist. */
public class TicketNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TicketNotFoundException(String message) {
        super(message);
    }

    public static TicketNotFoundException ticket(long id) {
        return new TicketNotFoundException("ticket " + id + " does not exist");
    }
}
