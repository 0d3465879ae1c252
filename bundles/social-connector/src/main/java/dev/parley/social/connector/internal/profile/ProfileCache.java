package dev.parley.social.connector.internal.profile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which authors' profiles were looked up lately, so each is asked of the platform once per period:
 * a success is remembered for the TTL (a day by default), a failure for the shorter retry period,
 * and an author whose lookup is under way is not looked up twice. Bounded; the oldest entries go first.
 */
final class ProfileCache {

    /** Who: a platform user as one account sees them. */
    record Key(String platform, String account, String userId) {
    }

    private final Duration ttl;
    private final Duration retry;
    private final int maxEntries;
    private final Clock clock;
    private final Map<Key, Instant> nextLookup;

    ProfileCache(Duration ttl, Duration retry, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.retry = retry;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.nextLookup = new LinkedHashMap<>(256, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Instant> eldest) {
                return size() > ProfileCache.this.maxEntries;
            }
        };
    }

    /** Whether {@code key} is due for a lookup; if so it is marked as under way (not due again until settled). */
    synchronized boolean claim(Key key) {
        Instant now = clock.instant();
        Instant next = nextLookup.get(key);
        if (next != null && now.isBefore(next)) {
            return false;
        }
        nextLookup.remove(key); // re-inserted at the end: insertion order is age
        nextLookup.put(key, Instant.MAX);
        return true;
    }

    synchronized void succeeded(Key key) {
        nextLookup.put(key, clock.instant().plus(ttl));
    }

    synchronized void failed(Key key) {
        nextLookup.put(key, clock.instant().plus(retry));
    }
}
