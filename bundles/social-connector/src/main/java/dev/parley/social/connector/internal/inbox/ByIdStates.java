package dev.parley.social.connector.internal.inbox;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.social.api.InboxState;

/**
 * "The row is in one of these states", for statements that address inbox rows by id, written as
 * {@code state NOT IN (every other state)}: a form no index range can serve, so the primary key is
 * the only index left to the planner. Written as {@code IN} or {@code =}, H2 planned such
 * statements on the {@code (state, due_at)} index when the table was small, kept that plan in the
 * session's statement cache, and from then on walked every pending row for each update once a
 * backlog built: claims slowed as the backlog grew, until the processor stalled (213,000 events
 * pending behind 27,000 done, at 2,000 webhooks/s).
 */
final class ByIdStates {

    static final String CLAIMED = stateIsOneOf(InboxState.CLAIMED);
    static final String CLAIMABLE = stateIsOneOf(InboxState.PENDING, InboxState.CLAIMED);
    static final String PARKED = stateIsOneOf(InboxState.PARKED);

    private ByIdStates() {
    }

    static String stateIsOneOf(InboxState... states) {
        Set<InboxState> others = EnumSet.allOf(InboxState.class);
        Arrays.asList(states).forEach(others::remove);
        if (others.isEmpty()) {
            throw new IllegalArgumentException("every state: no condition needed");
        }
        return others.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "state NOT IN (", ")"));
    }
}
