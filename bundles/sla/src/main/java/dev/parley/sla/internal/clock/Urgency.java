package dev.parley.sla.internal.clock;

import java.time.Instant;
import java.util.Comparator;

import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;

/**
 * Where a ticket stands in the open queue: its next due time ({@link Instant#MAX} without a running
 * target, so those come last), ties by ticket id. The order of {@link SlaEngine#openTickets()}, and
 * the key the queue's pages continue from.
 */
public record Urgency(Instant due, long ticketId) implements Comparable<Urgency> {

    private static final Comparator<Urgency> ORDER = Comparator.comparing(Urgency::due)
            .thenComparingLong(Urgency::ticketId);

    public static Urgency of(TicketSla ticket) {
        return new Urgency(ticket.nextDue().flatMap(TargetStatus::due).orElse(Instant.MAX), ticket.ticketId());
    }

    @Override
    public int compareTo(Urgency other) {
        return ORDER.compare(this, other);
    }
}
