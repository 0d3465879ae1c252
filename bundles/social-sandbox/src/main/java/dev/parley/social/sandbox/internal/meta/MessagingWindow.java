package dev.parley.social.sandbox.internal.meta;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Meta's messaging windows: a page may answer freely for 24 hours after the customer's last
 * message; a human agent may answer for 7 days with {@code MESSAGE_TAG} + {@code HUMAN_AGENT};
 * a private reply to a comment is allowed within 7 days of the comment.
 */
public final class MessagingWindow {

    public static final Duration STANDARD = Duration.ofHours(24);
    public static final Duration HUMAN_AGENT = Duration.ofDays(7);
    static final Set<String> MESSAGING_TYPES = Set.of("RESPONSE", "UPDATE", "MESSAGE_TAG");
    /** Non-promotional tags Messenger still honours outside the window. */
    private static final Set<String> MESSENGER_TAGS = Set.of("ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE",
            "POST_PURCHASE_UPDATE");

    private MessagingWindow() {
    }

    /**
     * Whether a send is allowed; the reason when not.
     *
     * @param messagingType one of {@link #MESSAGING_TYPES}, already checked
     */
    public static Optional<String> refusal(Channel channel, Instant lastCustomerMessage, Instant now,
            String messagingType, Optional<String> tag) {
        Duration since = Duration.between(lastCustomerMessage, now);
        if (!messagingType.equals("MESSAGE_TAG")) {
            return since.compareTo(STANDARD) <= 0 ? Optional.empty()
                    : Optional.of("outside the 24-hour window (last customer message " + since.toHours() + " h ago)");
        }
        String t = tag.orElse("");
        if (t.equals("HUMAN_AGENT")) {
            return since.compareTo(HUMAN_AGENT) <= 0 ? Optional.empty()
                    : Optional.of("outside the 7-day human agent window (last customer message " + since.toDays()
                            + " days ago)");
        }
        if (channel == Channel.MESSENGER && MESSENGER_TAGS.contains(t)) {
            return Optional.empty();
        }
        return Optional.of("tag " + t + " does not allow a message outside the 24-hour window");
    }

    /** Whether a private reply to a comment made at {@code commentedAt} may still be sent. */
    public static boolean privateReplyAllowed(Instant commentedAt, Instant now) {
        return Duration.between(commentedAt, now).compareTo(HUMAN_AGENT) <= 0;
    }
}
