package dev.parley.social.connector.internal.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When an account may send again. Rate limits are per account and endpoint (X counts posts and
 * DMs apart) and last until the platform's reset; the circuit breaker is per account: after
 * {@code threshold} failures in a row it pauses the account's sends, then lets one through to
 * probe. Retries back off exponentially with jitter, so a platform outage is not hammered in step.
 */
final class SendGates {

    private record Breaker(int failuresInRow, Instant openUntil) {
    }

    private final Map<String, Instant> rateLimitedUntil = new ConcurrentHashMap<>();
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();
    private final int threshold;
    private final Duration pause;
    private final long baseMillis;
    private final long maxMillis;

    SendGates(int threshold, Duration pause, long baseMillis, long maxMillis) {
        this.threshold = threshold;
        this.pause = pause;
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
    }

    /** The earliest time this account may use this endpoint, if it has to wait. */
    Optional<Instant> closedUntil(String account, String endpoint, Instant now) {
        Instant limited = rateLimitedUntil.get(account + '\n' + endpoint);
        Breaker breaker = breakers.get(account);
        Instant open = breaker == null ? null : breaker.openUntil();
        Instant until = later(limited, open);
        return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    void rateLimited(String account, String endpoint, Instant until) {
        rateLimitedUntil.merge(account + '\n' + endpoint, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    void succeeded(String account) {
        breakers.remove(account);
    }

    /** A failed send; returns when the breaker re-admits a probe if it is now open. */
    Optional<Instant> failed(String account, Instant now) {
        Breaker next = breakers.merge(account, new Breaker(1, null),
                (old, one) -> new Breaker(old.failuresInRow() + 1, old.openUntil()));
        if (next.failuresInRow() >= threshold) {
            Instant until = now.plus(pause);
            breakers.put(account, new Breaker(next.failuresInRow(), until));
            return Optional.of(until);
        }
        return Optional.empty();
    }

    /** Delay before attempt {@code attempts + 1}: base * 2^(attempts-1), capped, times a jitter in [0.5, 1]. */
    Duration backoff(int attempts) {
        long exponential = Math.min(maxMillis, baseMillis << Math.min(Math.max(attempts - 1, 0), 30));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
