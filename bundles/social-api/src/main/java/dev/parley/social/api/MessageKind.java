package dev.parley.social.api;

/**
 * What an inbound platform event is. MESSAGE: a private message (DM, Messenger, Instagram
 * Direct, a postback or quick-reply tap); COMMENT: a public post or comment (an X mention, a Page
 * or Instagram comment, an Instagram mention); ECHO: a message sent from the account itself, by
 * us or by another app (the platform's native app), never a customer message; UNSUPPORTED: an
 * event kind Parley deliberately does not act on (a like, a follow, a retweet, an unknown field),
 * kept with its raw type, acknowledged and counted as ignored per kind, never a failure.
 * The four kinds added in 1.5 refer to an earlier message by {@link InboundMessage#TARGET_ID}:
 * REACTION (an emoji on a message; never a ticket), RETRACTION (the author unsent or deleted it:
 * its text and attachments are to be erased), EDIT (its new text is this event's text), and
 * REFERRAL (how the customer came to the conversation: an ad, a link, a shop; context only).
 * STATUS (since 1.6) is what became of a message the account sent ({@link InboundMessage#TARGET_ID}):
 * {@link InboundMessage#DELIVERY_STATUS} sent, delivered, read or failed (with {@link
 * InboundMessage#DELIVERY_ERROR}), as WhatsApp's {@code statuses[]} report it; never a ticket.
 * BLOCK (since 1.7) says the customer blocked the account, or allowed it again ({@link
 * InboundMessage#BLOCKED} "true" or "false"; Telegram's {@code my_chat_member} in a private chat):
 * never a ticket message, it marks the conversation, and private replies are refused while it is
 * blocked.
 * MOVED (since 1.9) says, on the platform's own word, that the author or the conversation goes on
 * under another id: {@link InboundMessage#MOVED_TO_AUTHOR} (WhatsApp's notice of a changed number)
 * and {@link InboundMessage#MOVED_TO_CONVERSATION} (the same, or Telegram's group upgraded to a
 * supergroup). Never a ticket message: the author's customer gains the new identity unless another
 * customer already has it, and the conversation's ticket continues under the new key.
 */
public enum MessageKind {
    MESSAGE, COMMENT, ECHO, UNSUPPORTED,
    /** @since 1.5 */
    REACTION,
    /** @since 1.5 */
    RETRACTION,
    /** @since 1.5 */
    EDIT,
    /** @since 1.5 */
    REFERRAL,
    /** @since 1.6 */
    STATUS,
    /** @since 1.7 */
    BLOCK,
    /** @since 1.9 */
    MOVED
}
