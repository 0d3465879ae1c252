package dev.parley.social.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long after the customer's last private message a platform lets the account answer freely
 * ({@code standard}: 24 hours on Messenger, Instagram and WhatsApp), and whether a person may still
 * answer after that with a tag ({@code humanAgent}, {@code humanAgentTag}: Meta's 7-day {@code
 * HUMAN_AGENT}). Past every window only the account's {@link MessageTemplate templates} may be sent,
 * where the platform has them ({@link SocialPlatform#templates}); the connector's messaging policy
 * refuses anything else before it is stored.
 *
 * @since 1.6
 */
public record ReplyWindow(Duration standard, Optional<Duration> humanAgent, Optional<String> humanAgentTag) {

    public ReplyWindow {
        Objects.requireNonNull(standard, "standard");
        humanAgent = humanAgent == null ? Optional.empty() : humanAgent;
        humanAgentTag = humanAgentTag == null ? Optional.empty() : humanAgentTag;
        if (humanAgent.isPresent() != humanAgentTag.isPresent()) {
            throw new IllegalArgumentException("a human-agent window needs its tag, and a tag its window");
        }
    }

    /** A window with nothing after it but templates (WhatsApp's customer service window). */
    public static ReplyWindow of(Duration standard) {
        return new ReplyWindow(standard, Optional.empty(), Optional.empty());
    }
}
