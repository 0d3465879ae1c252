package dev.parley.helpdesk.api;

/**
 * Delivery of a message to its channel. NONE for messages that are not delivered anywhere
 * (inbound messages, internal notes, channels without a sender); QUEUED until a channel sender
 * reports SENT (with the platform's id) or FAILED (with the platform's reason).
 */
public enum DeliveryState {
    NONE, QUEUED, SENT, FAILED
}
