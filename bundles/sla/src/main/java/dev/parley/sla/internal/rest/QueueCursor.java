package dev.parley.sla.internal.rest;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;

/**
 * Where a page of the SLA queue ended: the last ticket's next due time (none for a ticket without a
 * running target) and its id, the order {@link dev.parley.sla.api.SlaService#openTickets()} keeps. A due
 * time does not move while a clock runs, so the next page starts at the right place however much
 * time passed between the two requests.
 */
record QueueCursor(Instant due, long ticketId) implements Comparable<QueueCursor> {

    private static final String PREFIX = "q1:";
    private static final Comparator<QueueCursor> ORDER = Comparator.comparing(QueueCursor::due)
            .thenComparingLong(QueueCursor::ticketId);

    static QueueCursor of(TicketSla ticket) {
        return new QueueCursor(ticket.nextDue().flatMap(TargetStatus::due).orElse(Instant.MAX), ticket.ticketId());
    }

    String encode() {
        String due = due().equals(Instant.MAX) ? "-" : due().getEpochSecond() + "." + due().getNano();
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + due + ":" + ticketId).getBytes(StandardCharsets.UTF_8));
    }

    static QueueCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a queue cursor");
            }
            String[] parts = raw.substring(PREFIX.length()).split(":", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a queue cursor");
            }
            return new QueueCursor(instant(parts[0]), Long.parseLong(parts[1]));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ProblemException.badRequest("cursor is not one this API returned; start again without a cursor");
        }
    }

    private static Instant instant(String text) {
        if (text.equals("-")) {
            return Instant.MAX;
        }
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("no nanoseconds");
        }
        return Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    }

    @Override
    public int compareTo(QueueCursor other) {
        return ORDER.compare(this, other);
    }
}
