package dev.parley.sla.internal.clock;

import java.time.Instant;
import java.util.Objects;

import dev.parley.helpdesk.api.TicketStatus;

/**
 * A status a ticket event announced ({@code TicketEvents.STATUS} when {@code PREVIOUS_STATUS} says it
 * changed) and when the change was committed ({@code TicketEvents.TIMESTAMP}).
 */
public record StatusChange(TicketStatus status, Instant at) {

    public StatusChange {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
