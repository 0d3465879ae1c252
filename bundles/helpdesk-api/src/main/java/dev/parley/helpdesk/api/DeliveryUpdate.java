package dev.parley.helpdesk.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One delivery outcome for {@link TicketService#updateDeliveries}: the same three values {@link
 * TicketService#updateDelivery} takes.
 *
 * @since 1.6
 */
public record DeliveryUpdate(long messageId, DeliveryState state, Optional<String> detail) {

    public DeliveryUpdate {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }
}
