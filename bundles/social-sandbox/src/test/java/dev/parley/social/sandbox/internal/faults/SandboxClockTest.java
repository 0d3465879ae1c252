package dev.parley.social.sandbox.internal.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SandboxClockTest {

    private final SandboxClock clock = new SandboxClock(Clock.fixed(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void movesAheadUpToTenYearsInAllAndNoFurther() {
        clock.advance(Duration.ofDays(3000));
        assertThatThrownBy(() -> clock.advance(Duration.ofDays(651))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it is 259200000 s ahead now");
        assertThat(clock.offset()).isEqualTo(Duration.ofDays(3000));
        clock.advance(Duration.ofDays(650));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-06T00:00:00Z").plus(SandboxClock.MAX_OFFSET));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
