package dev.parley.sla.internal.clock;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tickets whose clocks are due a refresh, oldest first, each with the status changes its events
 * announced meanwhile. EventAdmin threads add, the engine's worker takes; a ticket that is already
 * pending is not added twice, which is what coalesces a burst of events into one refresh. It also
 * tracks whether a drain is queued, so a burst queues one drain, not one task per event.
 */
final class PendingTickets {

    private final Map<Long, List<StatusChange>> pending = new LinkedHashMap<>();
    private boolean drainQueued;

    /** Records the ticket; true when the caller must queue a drain (none is queued or running). */
    synchronized boolean add(long ticketId, Optional<StatusChange> change) {
        List<StatusChange> changes = pending.computeIfAbsent(ticketId, id -> new ArrayList<>(0));
        change.ifPresent(changes::add);
        if (drainQueued) {
            return false;
        }
        drainQueued = true;
        return true;
    }

    /**
     * Takes up to {@code max} tickets, oldest first, with their changes. Empty when nothing is
     * pending, and then the drain counts as ended: the next {@link #add} asks for a new one.
     */
    synchronized Map<Long, List<StatusChange>> take(int max) {
        Map<Long, List<StatusChange>> page = new LinkedHashMap<>();
        Iterator<Map.Entry<Long, List<StatusChange>>> it = pending.entrySet().iterator();
        while (page.size() < max && it.hasNext()) {
            Map.Entry<Long, List<StatusChange>> next = it.next();
            page.put(next.getKey(), List.copyOf(next.getValue()));
            it.remove();
        }
        drainQueued = !page.isEmpty();
        return page;
    }

    /** The queued drain was refused (the worker is shutting down): let a later add try again. */
    synchronized void drainRefused() {
        drainQueued = false;
    }
}
