package dev.parley.social.connector.internal.outbound;

/**
 * Message property keys. The inbound ones are written by the processor (social-inbox) on each
 * customer message; the outbound ones by the messaging policy on each reply it accepts, so the
 * dispatcher sends exactly what the policy checked.
 */
final class SocialProperties {

    static final String PLATFORM = "social.platform";
    static final String ACCOUNT = "social.account";
    static final String CONVERSATION = "social.conversationKey";
    static final String AUTHOR_ID = "social.authorId";
    static final String IN_REPLY_TO = "social.inReplyToId";
    static final String CAN_RECEIVE_DM = "social.canReceiveDm";
    /** "true" on a customer message received while another app held the thread (Meta's handover protocol). */
    static final String STANDBY = "social.standby";
    /** "true" on the customer's latest message while they block the account (social-inbox marks it). */
    static final String BLOCKED = "social.blocked";

    static final String RECIPIENT = "social.recipientId";
    static final String MESSAGE_TAG = "social.messageTag";
    static final String COMMENT_REPLY = "social.privateReplyToComment";
    /** A DM to a customer who has not written to us in private: counts against the anti-spam caps. */
    static final String UNSOLICITED = "social.unsolicited";
    /** "public" or "private": the two messages of a hand-off. */
    static final String HANDOFF = "social.handoff";

    private SocialProperties() {
    }
}
