package dev.parley.escalation.api;

import java.time.Instant;
import java.util.Objects;

/** One earlier (or the current) message the same customer sent us: on which ticket, channel and when. */
public record RecentContact(long ticketId, String channel, Instant at) {

    public RecentContact {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
    }
}
