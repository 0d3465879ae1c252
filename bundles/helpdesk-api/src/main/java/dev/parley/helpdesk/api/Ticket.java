package dev.parley.helpdesk.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Collections;

/**
 * A customer conversation the team works on. {@code channel} is where it started ("web", "x",
 * "messenger", ...); {@code version} increases with every change and is what optimistic updates
 * compare against; {@code linkedTicketId} points to an earlier ticket this one follows up on.
 * Messages are in the order they were added.
 */
public record Ticket(
        long id,
        String subject,
        TicketStatus status,
        Priority priority,
        String channel,
        Customer requester,
        Optional<String> assignee,
        Optional<String> group,
        SortedSet<String> tags,
        Optional<Long> linkedTicketId,
        Instant createdAt,
        Instant updatedAt,
        long version,
        List<Message> messages) {

    public Ticket {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        assignee = assignee == null ? Optional.empty() : assignee;
        group = group == null ? Optional.empty() : group;
        linkedTicketId = linkedTicketId == null ? Optional.empty() : linkedTicketId;
        tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
        messages = List.copyOf(messages);
    }

    /** The most recent message, if any. */
    public Optional<Message> lastMessage() {
        return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
    }
}
