package dev.parley.helpdesk.api;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Filters for {@link TicketService#query}: every present filter must match (statuses and
 * priorities match any of the given values). Results come newest first; pass the previous page's
 * {@code nextCursor} as {@code cursor} to continue. {@code limit} is capped at 200.
 */
public record TicketQuery(
        Set<TicketStatus> statuses,
        Set<Priority> priorities,
        Optional<String> channel,
        Optional<String> assignee,
        Optional<String> group,
        Optional<String> tag,
        Optional<Long> requesterId,
        Optional<Instant> updatedSince,
        Optional<String> cursor,
        int limit) {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    public TicketQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
        channel = channel == null ? Optional.empty() : channel;
        assignee = assignee == null ? Optional.empty() : assignee;
        group = group == null ? Optional.empty() : group;
        tag = tag == null ? Optional.empty() : tag;
        requesterId = requesterId == null ? Optional.empty() : requesterId;
        updatedSince = updatedSince == null ? Optional.empty() : updatedSince;
        cursor = cursor == null ? Optional.empty() : cursor;
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        if (limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be at most " + MAX_LIMIT);
        }
    }

    /** Every ticket, first page. */
    public static TicketQuery all() {
        return new TicketQuery(null, null, null, null, null, null, null, null, null, DEFAULT_LIMIT);
    }

    /** Tickets that still need work (NEW, OPEN, PENDING). */
    public static TicketQuery open() {
        return all().withStatuses(Set.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING));
    }

    public TicketQuery withStatuses(Set<TicketStatus> value) {
        return new TicketQuery(value, priorities, channel, assignee, group, tag, requesterId, updatedSince, cursor,
                limit);
    }

    public TicketQuery withChannel(String value) {
        return new TicketQuery(statuses, priorities, Optional.of(value), assignee, group, tag, requesterId,
                updatedSince, cursor, limit);
    }

    public TicketQuery withRequester(long value) {
        return new TicketQuery(statuses, priorities, channel, assignee, group, tag, Optional.of(value), updatedSince,
                cursor, limit);
    }

    public TicketQuery withUpdatedSince(Instant value) {
        return new TicketQuery(statuses, priorities, channel, assignee, group, tag, requesterId, Optional.of(value),
                cursor, limit);
    }

    public TicketQuery withCursor(String value) {
        return new TicketQuery(statuses, priorities, channel, assignee, group, tag, requesterId, updatedSince,
                Optional.ofNullable(value), limit);
    }

    public TicketQuery withLimit(int value) {
        return new TicketQuery(statuses, priorities, channel, assignee, group, tag, requesterId, updatedSince, cursor,
                value);
    }
}
