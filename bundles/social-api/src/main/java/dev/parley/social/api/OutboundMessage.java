package dev.parley.social.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reply to send on a platform. {@code conversationKey} and {@code recipientId} come from the
 * inbound message being answered (they are kept in the ticket message's properties); {@code
 * inReplyToId} is the platform id of the message answered, which a public reply needs.
 */
public record OutboundMessage(
        String channel,
        String conversationKey,
        String recipientId,
        Optional<String> inReplyToId,
        MessageVisibility visibility,
        String text,
        List<MediaAttachment> attachments) {

    public OutboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(conversationKey, "conversationKey");
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(text, "text");
        inReplyToId = inReplyToId == null ? Optional.empty() : inReplyToId;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
