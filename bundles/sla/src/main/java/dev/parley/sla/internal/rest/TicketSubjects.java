package dev.parley.sla.internal.rest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;

/**
 * Ticket subjects for the SLA views: agents scan a queue by subject, and the SLA clocks do not keep
 * it. The queue reads them a page of open tickets at a time (not one lookup per ticket).
 */
final class TicketSubjects {

    private final TicketService tickets;

    TicketSubjects(TicketService tickets) {
        this.tickets = tickets;
    }

    /** Subjects of every open ticket, by id. */
    Map<Long, String> open() {
        Map<Long, String> subjects = new HashMap<>();
        TicketQuery query = TicketQuery.open().withLimit(TicketQuery.MAX_LIMIT);
        while (true) {
            TicketPage page = tickets.query(query);
            page.tickets().forEach(t -> subjects.put(t.id(), t.subject()));
            if (page.nextCursor().isEmpty()) {
                return subjects;
            }
            query = query.withCursor(page.nextCursor().get());
        }
    }

    Optional<String> of(long ticketId) {
        return tickets.get(ticketId).map(Ticket::subject);
    }
}
