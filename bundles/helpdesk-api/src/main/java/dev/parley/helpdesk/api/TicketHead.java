package dev.parley.helpdesk.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A ticket's own fields without its messages, tags or requester record: what a status, routing or
 * threading check needs, read as one row. {@link TicketService#get} gives the whole ticket.
 */
public record TicketHead(
        long id,
        String subject,
        TicketStatus status,
        Priority priority,
        String channel,
        long requesterId,
        Optional<String> assignee,
        Optional<String> group,
        Optional<Long> linkedTicketId,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public TicketHead {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        assignee = assignee == null ? Optional.empty() : assignee;
        group = group == null ? Optional.empty() : group;
        linkedTicketId = linkedTicketId == null ? Optional.empty() : linkedTicketId;
    }
}
