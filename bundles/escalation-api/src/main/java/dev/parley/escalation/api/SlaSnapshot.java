package dev.parley.escalation.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The ticket's most pressing SLA target when the SLA plugin is installed: its name ({@code
 * FIRST_REPLY}, {@code NEXT_REPLY}, {@code RESOLUTION}), state ({@code ON_TRACK}, {@code WARNING},
 * {@code BREACHED}, ...), the time left (negative once breached) and the share of the time used.
 */
public record SlaSnapshot(String target, String state, Duration remaining, int elapsedPercent) {

    public SlaSnapshot {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(remaining, "remaining");
    }
}
