package dev.parley.social.sandbox.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class PlatformIdsTest {

    private final PlatformIds ids = new PlatformIds(Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void snowflakesEncodeTheTimeAndKeepIncreasingWithinOneMillisecond() {
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            made.add(Long.parseLong(ids.snowflake()));
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
        long millis = (made.get(0) >> 22) + PlatformIds.TWITTER_EPOCH_MILLIS;
        assertThat(Instant.ofEpochMilli(millis)).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(Long.toString(made.get(0))).hasSizeBetween(18, 19);
    }

    @Test
    void messengerMessageIdsAreUniqueAndSortInCreationOrder() {
        List<String> mids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            mids.add(ids.messageId());
        }
        assertThat(mids).allMatch(m -> m.startsWith("mid.$")).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(new HashSet<>(mids)).hasSize(500);
    }

    @Test
    void aHandleAlwaysMapsToTheSameIdAndSpacesDoNotCollide() {
        assertThat(PlatformIds.stableUserId('9', "jane")).isEqualTo(PlatformIds.stableUserId('9', "jane"))
                .matches("9[0-9]{15}")
                .isNotEqualTo(PlatformIds.stableUserId('9', "john"))
                .isNotEqualTo(PlatformIds.stableUserId('7', "jane"));
    }
}
