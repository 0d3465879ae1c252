package dev.parley.helpdesk.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a message stands in its conversation, without its content: who wrote it (direction), who
 * sees it and when it was added. None of these change once the message is in.
 *
 * @since 1.8
 */
public record MessageMark(long id, Direction direction, Visibility visibility, Instant createdAt) {

    public MessageMark {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static MessageMark of(Message message) {
        return new MessageMark(message.id(), message.direction(), message.visibility(), message.createdAt());
    }
}
