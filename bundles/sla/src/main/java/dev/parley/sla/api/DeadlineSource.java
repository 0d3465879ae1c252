package dev.parley.sla.api;

/**
 * Which deadline a target's due time comes from: the SLA policy, or a platform's reply window for a
 * private conversation, minus a safety margin, when that closes first. PLATFORM_WINDOW is the
 * standard window (Messenger, Instagram and WhatsApp allow replies for 24 hours after the
 * customer's last message); HUMAN_AGENT_WINDOW the longer one that follows it where the platform
 * lets a human agent still answer (Meta's human-agent tag: 7 days), so only a person can meet it.
 */
public enum DeadlineSource {
    POLICY, PLATFORM_WINDOW,
    /** @since 1.1 */
    HUMAN_AGENT_WINDOW
}
