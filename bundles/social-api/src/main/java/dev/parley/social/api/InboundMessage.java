package dev.parley.social.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One inbound platform event, normalized. {@code platform} is the platform id ("x", "meta"),
 * {@code account} the name of the configured account that received it, {@code channel} the
 * helpdesk channel it belongs to ("x", "messenger", "instagram", "facebook"). {@code
 * conversationKey} groups the messages of one conversation (a DM conversation, a reply chain, a
 * comment thread) and {@code externalId} is the platform's id of this message, unique per
 * (platform, account): redeliveries carry the same id. {@code rawType} is the platform's own name
 * for the event (always set for {@link MessageKind#UNSUPPORTED}).
 */
public record InboundMessage(
        String platform,
        String account,
        String channel,
        String conversationKey,
        String externalId,
        MessageKind kind,
        Optional<String> rawType,
        SocialAuthor author,
        String text,
        List<MediaAttachment> attachments,
        MessageVisibility visibility,
        Optional<String> inReplyToId,
        Instant createdAt) {

    public InboundMessage {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(conversationKey, "conversationKey");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(createdAt, "createdAt");
        rawType = rawType == null ? Optional.empty() : rawType;
        text = text == null ? "" : text;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        inReplyToId = inReplyToId == null ? Optional.empty() : inReplyToId;
    }
}
