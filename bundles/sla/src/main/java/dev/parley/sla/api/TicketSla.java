package dev.parley.sla.api;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;

/**
 * The SLA status of one ticket at {@code computedAt}: the facts the policy was chosen by (channel,
 * visibility of the conversation, priority, group), the policy's name and one {@link TargetStatus}
 * per target that applies (NEXT_REPLY only once the customer wrote again after a reply).
 */
public record TicketSla(
        long ticketId,
        String channel,
        Visibility visibility,
        Priority priority,
        Optional<String> group,
        TicketStatus ticketStatus,
        String policy,
        List<TargetStatus> targets,
        Instant computedAt) {

    public TicketSla {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(ticketStatus, "ticketStatus");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(computedAt, "computedAt");
        group = group == null ? Optional.empty() : group;
        targets = List.copyOf(targets);
    }

    /** The target of this status, if it applies to the ticket. */
    public Optional<TargetStatus> target(SlaTarget target) {
        return targets.stream().filter(t -> t.target() == target).findFirst();
    }

    /** The running target due first: what an agent must act on next. */
    public Optional<TargetStatus> nextDue() {
        return targets.stream().filter(TargetStatus::isRunning).filter(t -> t.due().isPresent())
                .min(Comparator.comparing((TargetStatus t) -> t.due().orElseThrow()));
    }
}
