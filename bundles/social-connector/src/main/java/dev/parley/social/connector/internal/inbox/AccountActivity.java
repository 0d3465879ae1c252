package dev.parley.social.connector.internal.inbox;

import java.time.Instant;
import java.util.Optional;

/** What the inbox knows about one account: last event, events since a time, pending and parked counts. */
public record AccountActivity(Optional<Instant> lastEventAt, long eventsSince, long pending, long parked) {
}
