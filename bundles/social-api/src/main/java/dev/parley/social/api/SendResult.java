package dev.parley.social.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link SocialPlatform#send}: SENT with the platform's message id; REFUSED when
 * the platform will never accept it as is (outside the messaging window, blocked, too long);
 * RETRY when it may succeed later (rate limit, platform error, timeout), not before {@code
 * retryAt} when the platform said so; AUTH_FAILED when the platform rejected the account's
 * credentials (expired or revoked token): the message may go out once an administrator fixes the
 * account; UNKNOWN when the request left but no answer came back (a response timeout, a connection
 * lost mid-way): the platform may have posted it, so the connector looks it up ({@link
 * SocialPlatform#findSent}) before sending again. {@code detail} is the platform's reason, safe to
 * show to an agent.
 */
public record SendResult(Status status, Optional<String> platformMessageId, Optional<String> detail,
        Optional<Instant> retryAt) {

    public enum Status {
        SENT, REFUSED, RETRY, AUTH_FAILED, UNKNOWN
    }

    public SendResult {
        Objects.requireNonNull(status, "status");
        platformMessageId = platformMessageId == null ? Optional.empty() : platformMessageId;
        detail = detail == null ? Optional.empty() : detail;
        retryAt = retryAt == null ? Optional.empty() : retryAt;
    }

    public static SendResult sent(String platformMessageId) {
        return new SendResult(Status.SENT, Optional.of(platformMessageId), Optional.empty(), Optional.empty());
    }

    public static SendResult refused(String detail) {
        return new SendResult(Status.REFUSED, Optional.empty(), Optional.of(detail), Optional.empty());
    }

    public static SendResult unknown(String detail) {
        return new SendResult(Status.UNKNOWN, Optional.empty(), Optional.of(detail), Optional.empty());
    }

    public static SendResult authFailed(String detail) {
        return new SendResult(Status.AUTH_FAILED, Optional.empty(), Optional.of(detail), Optional.empty());
    }

    public static SendResult retry(String detail, Optional<Instant> retryAt) {
        return new SendResult(Status.RETRY, Optional.empty(), Optional.of(detail), retryAt);
    }
}
