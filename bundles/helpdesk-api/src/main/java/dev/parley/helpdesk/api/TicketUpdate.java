package dev.parley.helpdesk.api;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A partial change to a ticket: only present fields change. An empty string for {@code assignee}
 * or {@code group} clears it. With {@code expectedVersion} the update fails with {@link
 * StaleTicketException} if the ticket changed since the caller read it; without it the host
 * applies the change to the latest version. {@code subject} and {@code requesterId} (since 1.6)
 * correct what was known when the ticket opened: a placeholder subject, or a requester known only
 * as an anonymous author until the platform named them.
 */
public record TicketUpdate(
        Optional<TicketStatus> status,
        Optional<Priority> priority,
        Optional<String> assignee,
        Optional<String> group,
        Set<String> addTags,
        Set<String> removeTags,
        OptionalLong expectedVersion,
        Optional<String> subject,
        OptionalLong requesterId) {

    public TicketUpdate {
        status = status == null ? Optional.empty() : status;
        priority = priority == null ? Optional.empty() : priority;
        assignee = assignee == null ? Optional.empty() : assignee;
        group = group == null ? Optional.empty() : group;
        addTags = addTags == null ? Set.of() : Set.copyOf(addTags);
        removeTags = removeTags == null ? Set.of() : Set.copyOf(removeTags);
        expectedVersion = expectedVersion == null ? OptionalLong.empty() : expectedVersion;
        subject = subject == null ? Optional.empty() : subject;
        requesterId = requesterId == null ? OptionalLong.empty() : requesterId;
    }

    /** An update that keeps the subject and the requester (the shape before 1.6). */
    public TicketUpdate(Optional<TicketStatus> status, Optional<Priority> priority, Optional<String> assignee,
            Optional<String> group, Set<String> addTags, Set<String> removeTags, OptionalLong expectedVersion) {
        this(status, priority, assignee, group, addTags, removeTags, expectedVersion, null, null);
    }

    public static TicketUpdate none() {
        return new TicketUpdate(null, null, null, null, null, null, null, null, null);
    }

    public TicketUpdate withStatus(TicketStatus value) {
        return new TicketUpdate(Optional.of(value), priority, assignee, group, addTags, removeTags, expectedVersion,
                subject, requesterId);
    }

    public TicketUpdate withPriority(Priority value) {
        return new TicketUpdate(status, Optional.of(value), assignee, group, addTags, removeTags, expectedVersion,
                subject, requesterId);
    }

    public TicketUpdate withAssignee(String value) {
        return new TicketUpdate(status, priority, Optional.of(value), group, addTags, removeTags, expectedVersion,
                subject, requesterId);
    }

    public TicketUpdate withGroup(String value) {
        return new TicketUpdate(status, priority, assignee, Optional.of(value), addTags, removeTags, expectedVersion,
                subject, requesterId);
    }

    public TicketUpdate withTagsAdded(Set<String> value) {
        return new TicketUpdate(status, priority, assignee, group, value, removeTags, expectedVersion, subject,
                requesterId);
    }

    public TicketUpdate withTagsRemoved(Set<String> value) {
        return new TicketUpdate(status, priority, assignee, group, addTags, value, expectedVersion, subject,
                requesterId);
    }

    public TicketUpdate withExpectedVersion(long value) {
        return new TicketUpdate(status, priority, assignee, group, addTags, removeTags, OptionalLong.of(value),
                subject, requesterId);
    }

    /** @since 1.6 */
    public TicketUpdate withSubject(String value) {
        return new TicketUpdate(status, priority, assignee, group, addTags, removeTags, expectedVersion,
                Optional.of(value), requesterId);
    }

    /** @since 1.6 */
    public TicketUpdate withRequester(long customerId) {
        return new TicketUpdate(status, priority, assignee, group, addTags, removeTags, expectedVersion, subject,
                OptionalLong.of(customerId));
    }

    /** Whether this update changes nothing. */
    public boolean isEmpty() {
        return status.isEmpty() && priority.isEmpty() && assignee.isEmpty() && group.isEmpty() && addTags.isEmpty()
                && removeTags.isEmpty() && subject.isEmpty() && requesterId.isEmpty();
    }
}
