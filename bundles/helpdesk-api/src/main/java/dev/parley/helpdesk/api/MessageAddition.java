package dev.parley.helpdesk.api;

import java.util.Objects;

/**
 * One message for {@link TicketService#addMessages}: the same two values {@link
 * TicketService#addMessage} takes.
 *
 * @since 1.7
 */
public record MessageAddition(long ticketId, NewMessage message) {

    public MessageAddition {
        Objects.requireNonNull(message, "message");
    }
}
