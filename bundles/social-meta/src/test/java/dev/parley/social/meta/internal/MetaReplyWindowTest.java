package dev.parley.social.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.ReplyWindow;
import dev.parley.social.api.SocialAccount;

/** Meta says its own windows through the SPI, so the connector needs no Meta knowledge for them. */
class MetaReplyWindowTest {

    private final MetaPlatform meta = new MetaPlatform(null);
    private final SocialAccount page = new SocialAccount("page", "meta", "1", Optional.empty(), Optional.empty(),
            Optional.of("secret"), Optional.of("verify"), Optional.of("token"), ReceiveMode.WEBHOOK, Optional.empty());

    @Test
    void dmsHaveTwentyFourHoursThenSevenDaysForAPersonWithTheHumanAgentTag() {
        ReplyWindow expected = new ReplyWindow(Duration.ofHours(24), Optional.of(Duration.ofDays(7)),
                Optional.of("HUMAN_AGENT"));
        assertThat(meta.replyWindow(page, "messenger")).contains(expected);
        assertThat(meta.replyWindow(page, "instagram")).contains(expected);
    }

    @Test
    void commentsHaveNoMessagingWindow() {
        assertThat(meta.replyWindow(page, "facebook")).isEmpty();
    }
}
