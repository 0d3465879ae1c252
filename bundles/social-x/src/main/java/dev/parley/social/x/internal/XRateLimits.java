package dev.parley.social.x.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.parley.social.api.RateLimit;
import dev.parley.social.api.PlatformHttp;

/** X's {@code x-rate-limit-limit/-remaining/-reset} headers (reset in Unix seconds) and error bodies. */
final class XRateLimits {

    /** How long to wait after a 429 that carries no reset header. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);

    private XRateLimits() {
    }

    static Optional<RateLimit> of(PlatformHttp.Reply reply) {
        Optional<Long> limit = number(reply, "x-rate-limit-limit");
        Optional<Long> remaining = number(reply, "x-rate-limit-remaining");
        Optional<Long> reset = number(reply, "x-rate-limit-reset");
        if (remaining.isEmpty() || reset.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(limit.orElse(-1L), remaining.get(), Instant.ofEpochSecond(reset.get())));
    }

    static Instant resetOrDefault(PlatformHttp.Reply reply, Clock clock) {
        Instant now = clock.instant();
        return number(reply, "x-rate-limit-reset").map(Instant::ofEpochSecond).filter(now::isBefore)
                .orElse(now.plus(DEFAULT_WAIT));
    }

    /** The error body, shortened: X's problem detail or legacy errors array, never more than 300 characters. */
    static String problem(PlatformHttp.Reply reply) {
        String body = new String(reply.body(), StandardCharsets.UTF_8).strip();
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static Optional<Long> number(PlatformHttp.Reply reply, String header) {
        try {
            return reply.header(header).map(v -> Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
