package dev.parley.social.connector.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class ProfileCacheTest {

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final Manual clock = new Manual();
    private final ProfileCache cache = new ProfileCache(Duration.ofHours(24), Duration.ofMinutes(10), 2, clock);
    private final ProfileCache.Key ann = new ProfileCache.Key("meta", "acme", "psid-1");

    @Test
    void aProfileIsLookedUpOncePerTtl() {
        assertThat(cache.claim(ann)).isTrue();
        cache.succeeded(ann);
        clock.now = clock.now.plus(Duration.ofHours(23));
        assertThat(cache.claim(ann)).isFalse();
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(cache.claim(ann)).isTrue();
    }

    @Test
    void aLookupUnderWayIsNotStartedTwice() {
        assertThat(cache.claim(ann)).isTrue();
        clock.now = clock.now.plus(Duration.ofDays(3));
        assertThat(cache.claim(ann)).isFalse();
    }

    @Test
    void aFailureIsRetriedSooner() {
        assertThat(cache.claim(ann)).isTrue();
        cache.failed(ann);
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(cache.claim(ann)).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(cache.claim(ann)).isTrue();
    }

    @Test
    void theOldestAuthorsAreForgottenBeyondTheBound() {
        ProfileCache.Key bob = new ProfileCache.Key("meta", "acme", "psid-2");
        ProfileCache.Key cid = new ProfileCache.Key("meta", "acme", "psid-3");
        for (ProfileCache.Key key : new ProfileCache.Key[] {ann, bob, cid}) {
            cache.claim(key);
            cache.succeeded(key);
        }
        assertThat(cache.claim(bob)).isFalse();
        assertThat(cache.claim(ann)).isTrue(); // forgotten: looked up again
    }
}
