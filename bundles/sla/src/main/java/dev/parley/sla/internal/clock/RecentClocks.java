package dev.parley.sla.internal.clock;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The clocks this engine saved or read lately, so a status read right after a ticket event (the
 * escalation rules ask for every customer message) costs no database read. Entries are trusted for
 * a few seconds only: on several nodes another node's engine may have moved a ticket's clocks.
 */
final class RecentClocks {

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_TICKETS = 10_000;

    private record Entry(TicketClocks clocks, long at) {
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        // RecentClocks.Entry, spelled out: inside this LinkedHashMap subclass javac 25 reads a bare Entry as Map.Entry
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, RecentClocks.Entry> eldest) {
            return size() > MAX_TICKETS;
        }
    };

    synchronized Optional<TicketClocks> get(long ticketId) {
        Entry entry = entries.get(ticketId);
        if (entry == null || System.nanoTime() - entry.at() > MAX_AGE_NANOS) {
            return Optional.empty();
        }
        return Optional.of(entry.clocks());
    }

    /** What the engine just saved. */
    synchronized void put(TicketClocks clocks) {
        entries.put(clocks.ticketId(), new Entry(clocks, System.nanoTime()));
    }

    /** Forgets a ticket's clocks: another node changed them. */
    synchronized void forget(long ticketId) {
        entries.remove(ticketId);
    }

    /** What a status read found in the store: kept unless the engine saved something meanwhile. */
    synchronized void offer(TicketClocks clocks) {
        Entry current = entries.get(clocks.ticketId());
        if (current == null || System.nanoTime() - current.at() > MAX_AGE_NANOS) {
            entries.put(clocks.ticketId(), new Entry(clocks, System.nanoTime()));
        }
    }
}
