package dev.parley.social.sandbox.internal.faults;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Fixed-window request counters per endpoint, reported as X reports them
 * ({@code x-rate-limit-limit/remaining/reset}). Enforcement is off by default so test suites and
 * benchmarks do not trip the real per-user quotas (15 DMs per 15 minutes); then every response
 * shows the full quota. Faults inject 429s on demand either way.
 */
public final class RateLimits {

    private final Clock clock;
    private final boolean enforce;
    private final Map<String, Window> windows = new HashMap<>();

    public RateLimits(Clock clock, boolean enforce) {
        this.clock = clock;
        this.enforce = enforce;
    }

    /** Counts one call to {@code endpoint}; the answer says whether it is over the quota. */
    public synchronized Quota consume(String endpoint, int limit, Duration period) {
        long now = clock.millis();
        Window window = windows.get(endpoint);
        if (window == null || now >= window.resetMillis) {
            window = new Window(now + period.toMillis());
            windows.put(endpoint, window);
        }
        long reset = Math.floorDiv(window.resetMillis + 999, 1000);
        if (!enforce) {
            return new Quota(limit, limit, reset, false);
        }
        window.used++;
        return new Quota(limit, Math.max(0, limit - window.used), reset, window.used > limit);
    }

    public synchronized void reset() {
        windows.clear();
    }

    /** One endpoint's quota after a call. */
    public record Quota(int limit, int remaining, long resetEpochSeconds, boolean exceeded) {

        public Map<String, String> xHeaders() {
            return Map.of("x-rate-limit-limit", Integer.toString(limit),
                    "x-rate-limit-remaining", Integer.toString(remaining),
                    "x-rate-limit-reset", Long.toString(resetEpochSeconds));
        }
    }

    private static final class Window {
        private final long resetMillis;
        private int used;

        Window(long resetMillis) {
            this.resetMillis = resetMillis;
        }
    }
}
