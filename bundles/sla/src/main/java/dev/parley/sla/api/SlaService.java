package dev.parley.sla.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads SLA status. Clocks follow ticket events and are kept in the host database, so the status is
 * right after a restart and covers tickets created before the SLA bundle was installed. Calls are
 * cheap reads; they never change a ticket.
 */
@ProviderType
public interface SlaService {

    /** The status of one ticket now, empty when the ticket is unknown to the SLA bundle. */
    Optional<TicketSla> status(long ticketId);

    /**
     * Every open (NEW, OPEN, PENDING) ticket's status, the one due first first, ties by ticket id;
     * tickets without a running target (paused, met) last.
     */
    List<TicketSla> openTickets();
}
