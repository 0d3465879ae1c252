package dev.parley.helpdesk.api;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A partial change to a ticket: only present fields change. An empty string for {@code assignee}
 * or {@code group} clears it. With {@code expectedVersion} the update fails with {@link
 * StaleTicketException} if the ticket changed since the caller read it; without it the host
 * applies the change to the latest version.
 */
public record TicketUpdate(
        Optional<TicketStatus> status,
        Optional<Priority> priority,
        Optional<String> assignee,
        Optional<String> group,
        Set<String> addTags,
        Set<String> removeTags,
        OptionalLong expectedVersion) {

    public TicketUpdate {
        status = status == null ? Optional.empty() : status;
        priority = priority == null ? Optional.empty() : priority;
        assignee = assignee == null ? Optional.empty() : assignee;
        group = group == null ? Optional.empty() : group;
        addTags = addTags == null ? Set.of() : Set.copyOf(addTags);
        removeTags = removeTags == null ? Set.of() : Set.copyOf(removeTags);
        expectedVersion = expectedVersion == null ? OptionalLong.empty() : expectedVersion;
    }

    public static TicketUpdate none() {
        return new TicketUpdate(null, null, null, null, null, null, null);
    }

    public TicketUpdate withStatus(TicketStatus value) {
        return new TicketUpdate(Optional.of(value), priority, assignee, group, addTags, removeTags, expectedVersion);
    }

    public TicketUpdate withPriority(Priority value) {
        return new TicketUpdate(status, Optional.of(value), assignee, group, addTags, removeTags, expectedVersion);
    }

    public TicketUpdate withAssignee(String value) {
        return new TicketUpdate(status, priority, Optional.of(value), group, addTags, removeTags, expectedVersion);
    }

    public TicketUpdate withGroup(String value) {
        return new TicketUpdate(status, priority, assignee, Optional.of(value), addTags, removeTags, expectedVersion);
    }

    public TicketUpdate withTagsAdded(Set<String> value) {
        return new TicketUpdate(status, priority, assignee, group, value, removeTags, expectedVersion);
    }

    public TicketUpdate withTagsRemoved(Set<String> value) {
        return new TicketUpdate(status, priority, assignee, group, addTags, value, expectedVersion);
    }

    public TicketUpdate withExpectedVersion(long value) {
        return new TicketUpdate(status, priority, assignee, group, addTags, removeTags, OptionalLong.of(value));
    }

    /** Whether this update changes nothing. */
    public boolean isEmpty() {
        return status.isEmpty() && priority.isEmpty() && assignee.isEmpty() && group.isEmpty() && addTags.isEmpty()
                && removeTags.isEmpty();
    }
}
