package dev.parley.helpdesk.core.internal.tickets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.parley.helpdesk.api.Ticket;

/**
 * Recently read whole tickets, so that reading a busy ticket again costs its row and whatever
 * changed, not all its messages: every plugin that reacts to a new message (SLA clocks, escalation
 * rules, live views) reads the whole ticket, and a long conversation made each of those reads
 * longer. The ticket row's {@code version} says whether a cached ticket is current; if it moved on,
 * only messages newer than the cached ones are read (a ticket's messages are only ever appended:
 * its row lock orders them). A message's delivery state changes without a version bump, so a
 * delivery update forgets the ticket, and every entry is read in full again after {@link #MAX_AGE_NANOS}
 * (a minute), so a delivery update made by another node shows within that time. The requester and
 * tags are read again whenever the ticket changed.
 * Only reads outside any transaction or unit of work store entries: they see committed data only.
 */
final class TicketCache {

    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int MAX_TICKETS = 2_048;

    /** A cached ticket and when it was last read in full. */
    record Entry(Ticket ticket, long fullReadAt) {
        long lastMessageId() {
            return ticket.messages().isEmpty() ? 0 : ticket.messages().get(ticket.messages().size() - 1).id();
        }
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
            return size() > MAX_TICKETS;
        }
    };

    private long forgotten;

    /** Taken before a read: a read that overlapped a {@link #forget} must not store what it saw. */
    synchronized long stamp() {
        return forgotten;
    }

    /** The entry for {@code ticketId} if it is young enough to build on. */
    synchronized Entry lookup(long ticketId) {
        Entry entry = entries.get(ticketId);
        if (entry != null && System.nanoTime() - entry.fullReadAt() > MAX_AGE_NANOS) {
            entries.remove(ticketId);
            return null;
        }
        return entry;
    }

    synchronized void store(Ticket ticket, long fullReadAt, long stamp) {
        if (stamp != forgotten) {
            return;
        }
        Entry current = entries.get(ticket.id());
        if (current == null || current.ticket().version() <= ticket.version()) {
            entries.put(ticket.id(), new Entry(ticket, fullReadAt));
        }
    }

    synchronized void forget(long ticketId) {
        forgotten++;
        entries.remove(ticketId);
    }
}
