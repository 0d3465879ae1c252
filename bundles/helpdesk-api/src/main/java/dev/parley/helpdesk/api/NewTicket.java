package dev.parley.helpdesk.api;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A ticket to create for an existing customer (see {@link CustomerService#resolve}), optionally
 * with its first message. {@code linkedTicketId} names an earlier ticket this one follows up on.
 */
public record NewTicket(
        String subject,
        String channel,
        long requesterId,
        Priority priority,
        Optional<String> group,
        Set<String> tags,
        Optional<Long> linkedTicketId,
        Optional<NewMessage> firstMessage) {

    public NewTicket {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(priority, "priority");
        group = group == null ? Optional.empty() : group;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        linkedTicketId = linkedTicketId == null ? Optional.empty() : linkedTicketId;
        firstMessage = firstMessage == null ? Optional.empty() : firstMessage;
    }

    public static NewTicket of(String subject, String channel, long requesterId, NewMessage firstMessage) {
        return new NewTicket(subject, channel, requesterId, Priority.NORMAL, Optional.empty(), Set.of(),
                Optional.empty(), Optional.of(firstMessage));
    }

    public NewTicket withLinkedTicket(long earlierTicketId) {
        return new NewTicket(subject, channel, requesterId, priority, group, tags, Optional.of(earlierTicketId),
                firstMessage);
    }

    public NewTicket withPriority(Priority newPriority) {
        return new NewTicket(subject, channel, requesterId, newPriority, group, tags, linkedTicketId, firstMessage);
    }

    public NewTicket withTags(Set<String> newTags) {
        return new NewTicket(subject, channel, requesterId, priority, group, newTags, linkedTicketId, firstMessage);
    }
}
