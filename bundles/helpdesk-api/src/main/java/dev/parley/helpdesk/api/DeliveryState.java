package dev.parley.helpdesk.api;

/**
 * Delivery of a message to its channel. NONE for messages that are not delivered anywhere
 * (inbound messages, internal notes, channels without a sender); QUEUED until a channel sender
 * reports SENT (with the platform's id) or FAILED (with the platform's reason). Where the platform
 * reports what happened next (WhatsApp's statuses), a SENT message moves on to DELIVERED (on the
 * customer's device) and READ (since 1.4), keeping the platform's id as its detail; a message the
 * platform accepted and then could not deliver becomes FAILED with its reason.
 */
public enum DeliveryState {
    NONE, QUEUED, SENT, FAILED,
    /** @since 1.4 */
    DELIVERED,
    /** @since 1.4 */
    READ
}
