package dev.parley.social.sandbox.internal.api;

import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;

/** A simulated platform's HTTP API, and the failures it answers with when a fault asks. */
public interface PlatformApi {

    ApiResponse handle(ApiRequest request);

    /** The platform's own 5xx. */
    ApiResponse serverError();

    /** The platform's own 429; {@code legacyBody} picks an older documented body where there is one. */
    ApiResponse rateLimited(int retryAfterSeconds, boolean legacyBody);

    /**
     * A long poll with nothing to answer yet: the request is held until {@code news} completes (an
     * update arrived) or {@code timeoutMillis} pass, then answered by {@link #handle} as it is then.
     * Empty: answer now.
     */
    default java.util.Optional<Hold> hold(ApiRequest request) {
        return java.util.Optional.empty();
    }

    /** How a held request waits. */
    record Hold(java.util.concurrent.CompletableFuture<Void> news, long timeoutMillis) {
    }
}
