package dev.parley.helpdesk.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a ticket's conversation. {@code externalId} is the platform's id for it (a tweet
 * id, a Messenger mid) and is unique per channel; {@code deliveryDetail} carries the platform's
 * message id once SENT, or its refusal once FAILED. {@code properties} hold channel-specific facts
 * (such as a conversation key) that the host stores without interpreting.
 */
public record Message(
        long id,
        long ticketId,
        Direction direction,
        Visibility visibility,
        String channel,
        Optional<String> externalId,
        Author author,
        String text,
        List<Attachment> attachments,
        Instant createdAt,
        DeliveryState delivery,
        Optional<String> deliveryDetail,
        Map<String, String> properties) {

    public Message {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(delivery, "delivery");
        externalId = externalId == null ? Optional.empty() : externalId;
        deliveryDetail = deliveryDetail == null ? Optional.empty() : deliveryDetail;
        attachments = List.copyOf(attachments);
        properties = Map.copyOf(properties);
    }
}
