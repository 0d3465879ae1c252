package dev.parley.social.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One inbound platform event, normalized. {@code platform} is the platform id ("x", "meta"),
 * {@code account} the name of the configured account that received it, {@code channel} the
 * helpdesk channel it belongs to ("x", "messenger", "instagram", "facebook"). {@code
 * conversationKey} groups the messages of one conversation (a DM conversation, a reply chain, a
 * comment thread) and {@code externalId} is the platform's id of this message, unique per
 * (platform, account): redeliveries carry the same id. {@code rawType} is the platform's own name
 * for the event (always set for {@link MessageKind#UNSUPPORTED}). {@code properties} carry the
 * platform facts a kind needs beyond the common fields, under the keys defined here (since 1.5);
 * a processor ignores keys it does not know.
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
        Instant createdAt,
        Map<String, String> properties) {

    /** The external id of the earlier message a REACTION, EDIT or RETRACTION refers to. @since 1.5 */
    public static final String TARGET_ID = "target";
    /** REACTION: the reaction (an emoji, or the platform's name for it such as "love"). @since 1.5 */
    public static final String REACTION = "reaction";
    /** REACTION: "react" or "unreact". @since 1.5 */
    public static final String REACTION_ACTION = "reaction.action";
    /** A postback or quick-reply tap: the developer payload of the button (the text is its title). @since 1.5 */
    public static final String PAYLOAD = "payload";
    /** "true" when the message arrived while another app held the thread (Meta's handover protocol). @since 1.5 */
    public static final String STANDBY = "standby";
    /** ECHO: the id of the app that sent it, when the platform says (Meta app_id, X source_app_id). @since 1.5 */
    public static final String ORIGIN_APP = "origin.app";
    /** REFERRAL (and a message carrying one): the referral's source, type, ref and ad id. @since 1.5 */
    public static final String REFERRAL_SOURCE = "referral.source";
    /** @since 1.5 */
    public static final String REFERRAL_TYPE = "referral.type";
    /** @since 1.5 */
    public static final String REFERRAL_REF = "referral.ref";
    /** @since 1.5 */
    public static final String REFERRAL_AD_ID = "referral.adId";
    /** "true" when the author is unknown to the platform's webhook (a Page comment without from). @since 1.5 */
    public static final String ANONYMOUS = "anonymous";
    /** "true" when the webhook carried only ids and the text/author are placeholders. @since 1.5 */
    public static final String NEEDS_LOOKUP = "needsLookup";
    /**
     * The tag of a ticket holding a {@link #NEEDS_LOOKUP} message not yet looked up: set when the
     * message is stored, so a lookup that never ran (a stop right after the webhook) is found again
     * at start; removed once none of its messages waits. @since 1.8
     */
    public static final String LOOKUP_PENDING_TAG = "lookup-pending";
    /**
     * STATUS: what the platform says became of our message {@link #TARGET_ID}: one of {@link
     * #STATUS_SENT}, {@link #STATUS_DELIVERED}, {@link #STATUS_READ}, {@link #STATUS_FAILED}. @since 1.6
     */
    public static final String DELIVERY_STATUS = "delivery.status";
    /** STATUS failed: the platform's reason, safe to show to an agent. @since 1.6 */
    public static final String DELIVERY_ERROR = "delivery.error";
    /** @since 1.6 */
    public static final String STATUS_SENT = "sent";
    /** @since 1.6 */
    public static final String STATUS_DELIVERED = "delivered";
    /** @since 1.6 */
    public static final String STATUS_READ = "read";
    /** @since 1.6 */
    public static final String STATUS_FAILED = "failed";
    /** BLOCK: "true" when the customer blocked the account, "false" when they allowed it again. @since 1.7 */
    public static final String BLOCKED = "blocked";
    /** MOVED: the author's id from now on (on the same channel). @since 1.9 */
    public static final String MOVED_TO_AUTHOR = "moved.author";
    /** MOVED: the conversation's key from now on (on the same account). @since 1.9 */
    public static final String MOVED_TO_CONVERSATION = "moved.conversation";

    /** The 1.4 shape, without properties. */
    public InboundMessage(String platform, String account, String channel, String conversationKey,
            String externalId, MessageKind kind, Optional<String> rawType, SocialAuthor author, String text,
            List<MediaAttachment> attachments, MessageVisibility visibility, Optional<String> inReplyToId,
            Instant createdAt) {
        this(platform, account, channel, conversationKey, externalId, kind, rawType, author, text, attachments,
                visibility, inReplyToId, createdAt, Map.of());
    }

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
        // a raw type can be a field name the platform made up: bounded, so an odd one is still counted, never a failure
        rawType = rawType == null ? Optional.empty() : rawType.map(t -> t.length() <= 200 ? t : t.substring(0, 200));
        text = text == null ? "" : text;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        inReplyToId = inReplyToId == null ? Optional.empty() : inReplyToId;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** A property, if set. @since 1.5 */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /** This message with {@code more} properties added (replacing equal keys). @since 1.5 */
    public InboundMessage withProperties(Map<String, String> more) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(properties);
        merged.putAll(more);
        return new InboundMessage(platform, account, channel, conversationKey, externalId, kind, rawType, author, text,
                attachments, visibility, inReplyToId, createdAt, merged);
    }
}
