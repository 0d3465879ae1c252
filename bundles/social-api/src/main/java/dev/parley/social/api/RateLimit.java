package dev.parley.social.api;

import java.time.Instant;

/** A platform's rate-limit window as its last response reported it (X: {@code x-rate-limit-*}). */
public record RateLimit(long limit, long remaining, Instant resetAt) {

    /** Whether no call may be made before {@code resetAt}. */
    public boolean exhausted() {
        return remaining <= 0;
    }
}
