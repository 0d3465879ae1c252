package dev.parley.social.api;

/**
 * The keys of the social facts kept in a helpdesk message's properties ({@code Message.properties()}).
 * The processor writes the inbound ones on each customer message, the connector's lookups add what
 * a platform API told later, and the messaging policy writes the outbound ones on each reply it
 * accepts, so the dispatcher sends exactly what the policy checked. Rule bundles, the agent console
 * and integrators read them by these names. Every key starts with {@link #PREFIX}; a property an
 * {@link InboundMessage} carries under its own key {@code k} is stored as {@code PREFIX + k}.
 *
 * @since 1.10
 */
public final class SocialProperties {

    /** What every key here starts with. */
    public static final String PREFIX = "social.";

    // Inbound: written by the processor on each customer message.
    /** The platform id ("x", "meta", "whatsapp", "telegram") of the account that received the message. */
    public static final String PLATFORM = PREFIX + "platform";
    /** The configured account's name (the one a reply goes out from). */
    public static final String ACCOUNT = PREFIX + "account";
    /** The platform's conversation the message belongs to ({@link InboundMessage#conversationKey()}). */
    public static final String CONVERSATION = PREFIX + "conversationKey";
    /** The author's platform id. */
    public static final String AUTHOR_ID = PREFIX + "authorId";
    /** The author's handle, without "@". */
    public static final String AUTHOR_HANDLE = PREFIX + "authorHandle";
    /** The author's display name, when the platform's event gave it (X does; Messenger and Instagram do not). */
    public static final String AUTHOR_NAME = PREFIX + "authorName";
    /** Inbound: the platform id of the message it answers. Outbound: the platform id the reply answers. */
    public static final String IN_REPLY_TO = PREFIX + "inReplyToId";
    /** The author's follower count, when known (a decimal number). */
    public static final String FOLLOWERS = PREFIX + "followerCount";
    /** "true" when the platform marks the author as verified. */
    public static final String VERIFIED = PREFIX + "verified";
    /** "true" when the author can be sent a DM (their DMs are open to the account). */
    public static final String CAN_RECEIVE_DM = PREFIX + "canReceiveDm";
    /** "true" on a message received while another app held the thread (Meta's handover protocol). */
    public static final String STANDBY = PREFIX + InboundMessage.STANDBY;
    /** "true" when the author is unknown to the platform's webhook. */
    public static final String ANONYMOUS = PREFIX + InboundMessage.ANONYMOUS;
    /** "true" while the text and author are placeholders a lookup of the platform's API will fill in. */
    public static final String NEEDS_LOOKUP = PREFIX + InboundMessage.NEEDS_LOOKUP;

    // Written later on a customer message, as the conversation changes.
    /** The customer's reaction to the message it is on. */
    public static final String REACTION = PREFIX + InboundMessage.REACTION;
    /** When the customer unsent the message (ISO-8601). */
    public static final String RETRACTED_AT = PREFIX + "retractedAt";
    /** When the customer last edited the message (ISO-8601). */
    public static final String EDITED_AT = PREFIX + "editedAt";
    /** The texts the message had before each edit: this prefix plus the edit's number (1 is the original). */
    public static final String PREVIOUS_TEXT = PREFIX + "previousText.";
    /** On a message the account sent without Parley (an echo): the app that sent it, "app &lt;id&gt;" or "the platform's app". */
    public static final String ORIGIN = PREFIX + "origin";
    /** "true" on the customer's latest message while they block the account. */
    public static final String BLOCKED = PREFIX + "blocked";
    /** When the customer blocked the account (ISO-8601). */
    public static final String BLOCKED_AT = PREFIX + "blockedAt";
    /** The post's public address, from a lookup. */
    public static final String PERMALINK = PREFIX + "permalink";
    /** When a lookup filled in the message (ISO-8601). */
    public static final String LOOKED_UP_AT = PREFIX + "lookedUpAt";
    /** Why the last lookup failed. */
    public static final String LOOKUP_ERROR = PREFIX + "lookupError";
    /** How many lookups were tried. */
    public static final String LOOKUP_ATTEMPTS = PREFIX + "lookupAttempts";
    /** When lookups were given up (ISO-8601). */
    public static final String LOOKUP_FAILED_AT = PREFIX + "lookupFailedAt";

    // Outbound: written by the messaging policy on each reply it accepts.
    /** The platform id the reply goes to. */
    public static final String RECIPIENT = PREFIX + "recipientId";
    /** The platform's message tag that allows a send outside the standard window (Meta's HUMAN_AGENT). */
    public static final String MESSAGE_TAG = PREFIX + "messageTag";
    /** The comment a private reply answers (Meta's private replies). */
    public static final String COMMENT_REPLY = PREFIX + "privateReplyToComment";
    /** "true" on a DM to a customer who has not written to us in private: it counts against the anti-spam caps. */
    public static final String UNSOLICITED = PREFIX + "unsolicited";
    /** "public" or "private": the two messages of a public-to-DM hand-off. */
    public static final String HANDOFF = PREFIX + "handoff";
    /** On a hand-off's DM: the id of its public acknowledgement. */
    public static final String HANDOFF_PUBLIC_MESSAGE = PREFIX + "handoffPublicMessage";

    private SocialProperties() {
    }
}
