package dev.parley.sla.internal.rest;

import java.util.Optional;

import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketService;

/**
 * A ticket's subject for the SLA views, read from the helpdesk: for one ticket, and for queue rows
 * the SLA store has no subject for yet (clocks saved before it kept them).
 */
final class TicketSubjects {

    private final TicketService tickets;

    TicketSubjects(TicketService tickets) {
        this.tickets = tickets;
    }

    Optional<String> of(long ticketId) {
        return tickets.head(ticketId).map(TicketHead::subject); // one row, not the conversation
    }
}
