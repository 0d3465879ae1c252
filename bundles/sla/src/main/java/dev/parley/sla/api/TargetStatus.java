package dev.parley.sla.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One target of a ticket at one moment. {@code due} is empty while PAUSED (the due time moves as
 * long as the customer keeps us waiting); {@code remaining} is the time left until {@code due}
 * (negative once breached; while paused, the business time that was left when the clock paused).
 * {@code elapsedPercent} is the share of the binding deadline already used, above 100 when late.
 * {@code cycle} numbers the clock's runs: next-reply clocks start a new cycle with each customer
 * message after a reply, a reopened ticket starts a new resolution cycle.
 */
public record TargetStatus(
        SlaTarget target,
        int cycle,
        Instant startedAt,
        Optional<Instant> due,
        Duration remaining,
        int elapsedPercent,
        SlaState state,
        DeadlineSource binding,
        Optional<Instant> stoppedAt) {

    public TargetStatus {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(binding, "binding");
        due = due == null ? Optional.empty() : due;
        stoppedAt = stoppedAt == null ? Optional.empty() : stoppedAt;
    }

    /** Whether the clock is still counting (not met, not stopped late, not paused). */
    public boolean isRunning() {
        return stoppedAt.isEmpty() && state != SlaState.PAUSED;
    }
}
