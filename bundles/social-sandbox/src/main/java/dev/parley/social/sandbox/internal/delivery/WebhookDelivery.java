package dev.parley.social.sandbox.internal.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of sending one webhook copy.
 *
 * @param copy 1 for the original, 2 for a duplicate injected by a fault
 * @param status the receiver's HTTP status, empty when none came back (dropped, refused, timed out)
 */
public record WebhookDelivery(long sequence, String platform, String account, String messageId, String url, int copy,
        State state, Optional<Integer> status, Optional<String> error, long millis, Instant at) {

    /** Where a delivery ended. */
    public enum State {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** The receiver answered another status, or could not be reached. */
        FAILED,
        /** A fault dropped it: never sent. */
        DROPPED
    }
}
