package dev.parley.escalation.internal.engine;

import java.util.Optional;

import dev.parley.escalation.api.SlaSnapshot;

/**
 * The SLA status of a ticket, registered by the optional bridge in {@code internal.sla} only when
 * the SLA plugin is installed; the engine works without it.
 */
public interface SlaStatusSource {

    Optional<SlaSnapshot> status(long ticketId);
}
