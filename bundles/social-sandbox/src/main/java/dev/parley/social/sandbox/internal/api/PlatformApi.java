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
}
