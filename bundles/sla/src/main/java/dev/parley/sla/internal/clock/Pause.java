package dev.parley.sla.internal.clock;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A stretch of time clocks did not count: the ticket was PENDING, or SOLVED until it was reopened. */
public record Pause(Instant from, Optional<Instant> until) {

    public Pause {
        Objects.requireNonNull(from, "from");
        until = until == null ? Optional.empty() : until;
    }

    public boolean isOpen() {
        return until.isEmpty();
    }
}
