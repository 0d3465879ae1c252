package dev.parley.social.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one poll of an account fetched: the new messages, the cursor to resume from next time (an
 * opaque string the connector persists and hands back; a platform may encode several streams in
 * it), the earliest time the next poll may run when the platform asked us to wait (rate limit),
 * and the rate-limit window last reported.
 */
public record PollResult(List<InboundMessage> messages, String cursor, Optional<Instant> notBefore,
        Optional<RateLimit> rateLimit) {

    public PollResult {
        Objects.requireNonNull(cursor, "cursor");
        messages = messages == null ? List.of() : List.copyOf(messages);
        notBefore = notBefore == null ? Optional.empty() : notBefore;
        rateLimit = rateLimit == null ? Optional.empty() : rateLimit;
    }
}
