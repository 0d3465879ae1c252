package dev.parley.social.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Who asks for a hand-off and, optionally, the texts to use instead of the account's configured
 * defaults. {@code automated} marks a rule's hand-off: its messages are authored by the bot and
 * carry the bot disclosure.
 */
public record HandoffRequest(String requestedBy, boolean automated, Optional<String> publicText,
        Optional<String> privateText) {

    public HandoffRequest {
        Objects.requireNonNull(requestedBy, "requestedBy");
        publicText = publicText == null ? Optional.empty() : publicText;
        privateText = privateText == null ? Optional.empty() : privateText;
    }

    public static HandoffRequest byAgent(String agent) {
        return new HandoffRequest(agent, false, Optional.empty(), Optional.empty());
    }

    public static HandoffRequest byRule(String rule) {
        return new HandoffRequest(rule, true, Optional.empty(), Optional.empty());
    }
}
