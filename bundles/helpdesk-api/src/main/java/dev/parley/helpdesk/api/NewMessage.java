package dev.parley.helpdesk.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to add to a ticket. When {@code externalId} is set, adding is idempotent: a second
 * message with the same channel and external id returns the first one and changes nothing, which
 * is what makes redelivered platform events harmless. {@code createdAt} empty means now. An
 * outbound message added with delivery SENT records a message already sent outside the helpdesk
 * (an agent answering from the platform's own app): outbound policies do not review it and no
 * channel sender sends it again.
 */
public record NewMessage(
        Direction direction,
        Visibility visibility,
        String channel,
        Optional<String> externalId,
        Author author,
        String text,
        List<Attachment> attachments,
        Optional<Instant> createdAt,
        DeliveryState delivery,
        Map<String, String> properties) {

    /**
     * Property: the id of the ticket message an outbound message answers. Choosing a PUBLIC message
     * here is how an agent explicitly picks the public thread of a conversation that went private.
     */
    public static final String IN_REPLY_TO = "parley.inReplyTo";

    /**
     * Property: the name of the message template an outbound message sends instead of free text
     * (a WhatsApp template), with {@link #TEMPLATE_LANGUAGE} and its body parameters under {@link
     * #TEMPLATE_PARAMETER} + 1, 2, ... The channel's outbound policy checks them against the
     * templates its account has. @since 1.4
     */
    public static final String TEMPLATE_NAME = "parley.template.name";
    /** @since 1.4 */
    public static final String TEMPLATE_LANGUAGE = "parley.template.language";
    /** Prefix of the numbered template parameters ({@code parley.template.parameter.1}, ...). @since 1.4 */
    public static final String TEMPLATE_PARAMETER = "parley.template.parameter.";

    public NewMessage {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(delivery, "delivery");
        externalId = externalId == null ? Optional.empty() : externalId;
        createdAt = createdAt == null ? Optional.empty() : createdAt;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** An inbound customer message from a channel, identified there by {@code externalId}. */
    public static NewMessage inbound(Customer from, String channel, Visibility visibility, String externalId,
            String text, Instant createdAt) {
        return new NewMessage(Direction.INBOUND, visibility, channel, Optional.ofNullable(externalId),
                Author.customer(from), text, List.of(), Optional.ofNullable(createdAt), DeliveryState.NONE, Map.of());
    }

    /** An agent's reply or note; delivery starts as NONE and a channel sender may queue it. */
    public static NewMessage agentReply(String agent, String channel, Visibility visibility, String text) {
        return new NewMessage(Direction.OUTBOUND, visibility, channel, Optional.empty(), Author.agent(agent), text,
                List.of(), Optional.empty(), DeliveryState.NONE, Map.of());
    }

    public NewMessage withAttachments(List<Attachment> newAttachments) {
        return new NewMessage(direction, visibility, channel, externalId, author, text, newAttachments, createdAt,
                delivery, properties);
    }

    public NewMessage withProperties(Map<String, String> newProperties) {
        return new NewMessage(direction, visibility, channel, externalId, author, text, attachments, createdAt,
                delivery, newProperties);
    }

    public NewMessage withDelivery(DeliveryState newDelivery) {
        return new NewMessage(direction, visibility, channel, externalId, author, text, attachments, createdAt,
                newDelivery, properties);
    }
}
