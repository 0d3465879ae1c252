package dev.parley.helpdesk.api;

import java.util.List;
import java.util.Optional;

/** One page of a query; {@code nextCursor} is empty on the last page. */
public record TicketPage(List<Ticket> tickets, Optional<String> nextCursor) {

    public TicketPage {
        tickets = List.copyOf(tickets);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
