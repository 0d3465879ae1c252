package dev.parley.sla.internal.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;

/**
 * What the SLA bundle keeps per ticket: the facts policies are chosen by and the moments the
 * clocks start and stop. Statuses are computed from it on demand, never stored, so a changed
 * policy applies at once. {@code firstReplyElapsed}/{@code firstReplyTarget} record the outcome of
 * the first reply for the responsiveness figures.
 */
public record TicketClocks(
        long ticketId,
        String channel,
        Visibility visibility,
        Priority priority,
        Optional<String> group,
        TicketStatus status,
        Instant createdAt,
        Optional<Instant> firstReplyAt,
        int replyCycle,
        Optional<Instant> cycleStartedAt,
        Optional<Instant> cycleStoppedAt,
        Optional<Instant> lastCustomerAt,
        Optional<Instant> resolvedAt,
        List<Pause> pauses,
        Optional<Duration> firstReplyElapsed,
        Optional<Duration> firstReplyTarget) {

    public TicketClocks {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        group = group == null ? Optional.empty() : group;
        firstReplyAt = firstReplyAt == null ? Optional.empty() : firstReplyAt;
        cycleStartedAt = cycleStartedAt == null ? Optional.empty() : cycleStartedAt;
        cycleStoppedAt = cycleStoppedAt == null ? Optional.empty() : cycleStoppedAt;
        lastCustomerAt = lastCustomerAt == null ? Optional.empty() : lastCustomerAt;
        resolvedAt = resolvedAt == null ? Optional.empty() : resolvedAt;
        firstReplyElapsed = firstReplyElapsed == null ? Optional.empty() : firstReplyElapsed;
        firstReplyTarget = firstReplyTarget == null ? Optional.empty() : firstReplyTarget;
        pauses = List.copyOf(pauses);
    }

    public boolean isPaused() {
        return pauses.stream().anyMatch(Pause::isOpen);
    }

    TicketClocks withFirstReplyOutcome(Duration elapsed, Duration target) {
        return new TicketClocks(ticketId, channel, visibility, priority, group, status, createdAt, firstReplyAt,
                replyCycle, cycleStartedAt, cycleStoppedAt, lastCustomerAt, resolvedAt, pauses, Optional.of(elapsed),
                Optional.of(target));
    }
}
