package dev.parley.escalation.internal.engine;

import java.util.Optional;

/**
 * Moves a public conversation to DM, registered by the optional bridge in {@code internal.social}
 * only when a social connector offers its hand-off. Throws {@code PolicyViolationException} when the
 * channel's policy refuses.
 */
public interface DmHandoff {

    /** Returns what was queued, for the audit. */
    String handOff(long ticketId, String rule, Optional<String> publicText, Optional<String> privateText);
}
