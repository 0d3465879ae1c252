package dev.parley.social.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a platform says about a message whose send outcome is unknown (the connector crashed or
 * timed out after the request left): FOUND with the platform's id when it was posted, NOT_FOUND
 * when it certainly was not, UNKNOWN when the platform cannot tell (then the connector sends it
 * again, at least once).
 */
public record SentLookup(Status status, Optional<String> platformMessageId) {

    public enum Status {
        FOUND, NOT_FOUND, UNKNOWN
    }

    public SentLookup {
        Objects.requireNonNull(status, "status");
        platformMessageId = platformMessageId == null ? Optional.empty() : platformMessageId;
    }

    public static SentLookup found(String platformMessageId) {
        return new SentLookup(Status.FOUND, Optional.of(platformMessageId));
    }

    public static SentLookup notFound() {
        return new SentLookup(Status.NOT_FOUND, Optional.empty());
    }

    public static SentLookup unknown() {
        return new SentLookup(Status.UNKNOWN, Optional.empty());
    }
}
