package dev.parley.social.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reply to send on a platform. {@code conversationKey} and {@code recipientId} come from the
 * inbound message being answered (they are kept in the ticket message's properties); {@code
 * inReplyToId} is the platform id of the message answered, which a public reply needs. {@code
 * messageTag} is a platform's tag for a message outside the standard window (Meta's {@code
 * HUMAN_AGENT}); with {@code privateReplyToComment} a PRIVATE message answers the public comment
 * {@code inReplyToId} in private (Meta's {@code recipient.comment_id}) instead of {@code recipientId}.
 * A PRIVATE message with {@code inReplyToId} quotes that message where the platform can (WhatsApp's
 * {@code context.message_id}). With {@code template} (since 1.6) the platform sends that template
 * instead of the free-form text (which then only describes it for the agents).
 */
public record OutboundMessage(
        String channel,
        String conversationKey,
        String recipientId,
        Optional<String> inReplyToId,
        MessageVisibility visibility,
        String text,
        List<MediaAttachment> attachments,
        Optional<String> messageTag,
        boolean privateReplyToComment,
        Optional<TemplateMessage> template) {

    /** The 1.5 shape, without a template. */
    public OutboundMessage(String channel, String conversationKey, String recipientId, Optional<String> inReplyToId,
            MessageVisibility visibility, String text, List<MediaAttachment> attachments, Optional<String> messageTag,
            boolean privateReplyToComment) {
        this(channel, conversationKey, recipientId, inReplyToId, visibility, text, attachments, messageTag,
                privateReplyToComment, Optional.empty());
    }

    /** A reply inside the standard messaging window. */
    public OutboundMessage(String channel, String conversationKey, String recipientId, Optional<String> inReplyToId,
            MessageVisibility visibility, String text, List<MediaAttachment> attachments) {
        this(channel, conversationKey, recipientId, inReplyToId, visibility, text, attachments, Optional.empty(), false,
                Optional.empty());
    }

    public OutboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(conversationKey, "conversationKey");
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(text, "text");
        inReplyToId = inReplyToId == null ? Optional.empty() : inReplyToId;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        messageTag = messageTag == null ? Optional.empty() : messageTag;
        template = template == null ? Optional.empty() : template;
        if (privateReplyToComment && (visibility != MessageVisibility.PRIVATE || inReplyToId.isEmpty())) {
            throw new IllegalArgumentException("a private reply to a comment is PRIVATE and names the comment");
        }
    }

    /** The text with the attachments' URLs appended: how a platform sends media it cannot upload. */
    public String textWithLinks() {
        StringBuilder withLinks = new StringBuilder(text);
        attachments.forEach(a -> withLinks.append(withLinks.length() == 0 ? "" : " ").append(a.url()));
        return withLinks.toString();
    }
}
