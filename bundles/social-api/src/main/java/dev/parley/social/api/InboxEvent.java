package dev.parley.social.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored inbound message with its processing state: {@code attempts} counts failed tries so
 * far, {@code lastError} says why the last one failed (or why it was parked).
 */
public record InboxEvent(long id, InboundMessage message, InboxState state, int attempts, Instant receivedAt,
        Optional<String> lastError) {

    public InboxEvent {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(receivedAt, "receivedAt");
        lastError = lastError == null ? Optional.empty() : lastError;
    }
}
