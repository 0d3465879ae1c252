package dev.parley.social.sandbox.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MessagingWindowTest {

    static final Instant LAST = Instant.parse("2026-01-01T00:00:00Z");

    static Optional<String> refusal(Channel channel, Duration after, String type, String tag) {
        return MessagingWindow.refusal(channel, LAST, LAST.plus(after), type, Optional.ofNullable(tag));
    }

    @Test
    void standardMessagesWithin24HoursOnly() {
        assertThat(refusal(Channel.MESSENGER, Duration.ofHours(24), "RESPONSE", null)).isEmpty();
        assertThat(refusal(Channel.MESSENGER, Duration.ofHours(23), "UPDATE", null)).isEmpty();
        assertThat(refusal(Channel.MESSENGER, Duration.ofHours(24).plusSeconds(1), "RESPONSE", null)).isPresent();
        assertThat(refusal(Channel.INSTAGRAM, Duration.ofHours(25), "RESPONSE", null)).isPresent();
    }

    @Test
    void humanAgentTagExtendsTheWindowToSevenDays() {
        assertThat(refusal(Channel.MESSENGER, Duration.ofDays(6), "MESSAGE_TAG", "HUMAN_AGENT")).isEmpty();
        assertThat(refusal(Channel.INSTAGRAM, Duration.ofDays(7), "MESSAGE_TAG", "HUMAN_AGENT")).isEmpty();
        assertThat(refusal(Channel.MESSENGER, Duration.ofDays(7).plusSeconds(1), "MESSAGE_TAG", "HUMAN_AGENT"))
                .isPresent();
    }

    @Test
    void otherTagsOnlyOnMessenger() {
        assertThat(refusal(Channel.MESSENGER, Duration.ofDays(30), "MESSAGE_TAG", "ACCOUNT_UPDATE")).isEmpty();
        assertThat(refusal(Channel.INSTAGRAM, Duration.ofDays(2), "MESSAGE_TAG", "ACCOUNT_UPDATE")).isPresent();
        assertThat(refusal(Channel.MESSENGER, Duration.ofDays(2), "MESSAGE_TAG", "NO_SUCH_TAG")).isPresent();
    }

    @Test
    void privateRepliesWithinSevenDaysOfTheComment() {
        assertThat(MessagingWindow.privateReplyAllowed(LAST, LAST.plus(Duration.ofDays(7)))).isTrue();
        assertThat(MessagingWindow.privateReplyAllowed(LAST, LAST.plus(Duration.ofDays(7)).plusSeconds(1))).isFalse();
    }
}
