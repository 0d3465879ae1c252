package dev.parley.sla.internal.rest;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.sla.internal.clock.Urgency;

/**
 * A page of the SLA queue's {@code nextCursor}: the {@link Urgency} of its last ticket, opaque to the
 * caller. A due time does not move while a clock runs, so the next page starts at the right place
 * however much time passed between the two requests.
 */
final class QueueCursor {

    private static final String PREFIX = "q1:";

    private QueueCursor() {
    }

    static String encode(Urgency last) {
        Instant due = last.due();
        String text = due.equals(Instant.MAX) ? "-" : due.getEpochSecond() + "." + due.getNano();
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + text + ":" + last.ticketId()).getBytes(StandardCharsets.UTF_8));
    }

    static Urgency decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                throw new IllegalArgumentException("not a queue cursor");
            }
            String[] parts = raw.substring(PREFIX.length()).split(":", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("not a queue cursor");
            }
            return new Urgency(instant(parts[0]), Long.parseLong(parts[1]));
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
}
