package dev.parley.escalation.internal.engine;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketService;

/**
 * The tickets a batch of events is about, each read whole once for the batch, and each requester's
 * contact history, read once per requester. The history query returns whole tickets and cannot leave
 * one out, so a ticket it holds is the one in hand: only tickets outside it (an SLA event on a ticket
 * quiet for a week, a customer with more than 20 recent tickets) are read again, together. Used by
 * one thread.
 */
final class TicketBatch {

    private final TicketService tickets;
    private final ContextBuilder contexts;
    private final Map<Long, Ticket> inHand;
    private final Map<Long, ContactHistory> histories; // by requester id
    private final Set<Long> touched = new HashSet<>();

    private TicketBatch(TicketService tickets, ContextBuilder contexts, Map<Long, Ticket> inHand,
            Map<Long, ContactHistory> histories) {
        this.tickets = tickets;
        this.contexts = contexts;
        this.inHand = inHand;
        this.histories = histories;
    }

    static TicketBatch read(TicketService tickets, ContextBuilder contexts, Collection<Long> ticketIds) {
        Map<Long, Long> requesters = new LinkedHashMap<>(); // ticket id → requester id, one row each
        for (long id : new LinkedHashSet<>(ticketIds)) {
            tickets.head(id).ifPresent(h -> requesters.put(id, h.requesterId()));
        }
        Map<Long, ContactHistory> histories = new HashMap<>();
        Map<Long, Ticket> inHand = new HashMap<>();
        for (long requester : new LinkedHashSet<>(requesters.values())) {
            ContactHistory history = contexts.history(requester);
            histories.put(requester, history);
            history.tickets().stream().filter(t -> requesters.containsKey(t.id())).forEach(t -> inHand.put(t.id(), t));
        }
        List<Long> outside = requesters.keySet().stream().filter(id -> !inHand.containsKey(id)).toList();
        if (!outside.isEmpty()) {
            tickets.getAll(outside).forEach(t -> inHand.put(t.id(), t));
        }
        return new TicketBatch(tickets, contexts, inHand, histories);
    }

    /** The ticket as the batch holds it, checked again first if decisions of an earlier event touched it. */
    Optional<Ticket> ticket(long ticketId) {
        Ticket ticket = inHand.get(ticketId);
        return Optional.ofNullable(ticket != null && touched.remove(ticketId) ? current(ticket) : ticket);
    }

    ContactHistory history(Ticket ticket) {
        return histories.computeIfAbsent(ticket.requester().id(), contexts::history);
    }

    /** Decisions were applied to the ticket: the next event on it must not see the copy in hand unchecked. */
    void touch(long ticketId) {
        touched.add(ticketId);
    }

    /** {@code ticket} while its version is still the stored one (one row read), else the ticket read again. */
    Ticket current(Ticket ticket) {
        long stored = tickets.head(ticket.id()).map(TicketHead::version).orElse(ticket.version());
        if (stored == ticket.version()) {
            return ticket;
        }
        Ticket fresh = tickets.get(ticket.id()).orElse(ticket);
        inHand.put(fresh.id(), fresh);
        return fresh;
    }
}
