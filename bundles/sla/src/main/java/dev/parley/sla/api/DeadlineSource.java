package dev.parley.sla.api;

/**
 * Which deadline a target's due time comes from: the SLA policy, or the platform's reply window of
 * a private conversation (Messenger, Instagram, WhatsApp allow replies for 24 hours after the
 * customer's last message), minus a safety margin, when that closes first.
 */
public enum DeadlineSource {
    POLICY, PLATFORM_WINDOW
}
