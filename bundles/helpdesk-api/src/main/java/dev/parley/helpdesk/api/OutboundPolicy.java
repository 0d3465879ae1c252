package dev.parley.helpdesk.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reviews an agent's or a bot's outbound message before the host stores it. A channel plugin
 * registers one as an OSGi service with {@link #CHANNEL} naming the channels it governs; {@link
 * TicketService#addMessage} calls every matching policy (highest {@code service.ranking} first)
 * for OUTBOUND messages that are not internal notes. A policy refuses by throwing {@link
 * PolicyViolationException}, and nothing is stored; it accepts by returning the message to store,
 * typically marked {@link DeliveryState#QUEUED} with the routing facts its sender needs in the
 * properties. The stored QUEUED message is the outbox entry: it commits with the ticket change.
 * {@link #review} must change nothing but its answer: the host also calls it for dry runs
 * ({@link TicketService#checkMessage}) while an agent is still typing.
 */
@ConsumerType
public interface OutboundPolicy {

    /** Service property: the channels this policy governs ({@code String} or {@code String[]}). */
    String CHANNEL = "parley.channel";

    NewMessage review(Ticket ticket, NewMessage message);

    /**
     * How many characters the channel takes in this message (its visibility and channel decide),
     * when the policy knows; the host reports the characters left in a dry run. @since 1.5
     */
    default Optional<Integer> maxLength(Ticket ticket, NewMessage message) {
        return Optional.empty();
    }
}
