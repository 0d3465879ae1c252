package dev.parley.helpdesk.api;

/** Where a ticket is in its life. PENDING means waiting on the customer (SLA clocks pause). */
public enum TicketStatus {
    NEW, OPEN, PENDING, SOLVED, CLOSED;

    /** Whether the ticket still needs work from the team. */
    public boolean isOpen() {
        return this == NEW || this == OPEN || this == PENDING;
    }
}
