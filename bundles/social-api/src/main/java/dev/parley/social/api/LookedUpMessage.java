package dev.parley.social.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message as the platform's API tells it, for one whose webhook carried only ids ({@link
 * InboundMessage#NEEDS_LOOKUP}, such as an Instagram mention): its text, who wrote it (the handle
 * and name the API gives; Instagram's mention lookups give a username only), a link to it on the
 * platform and when it was written; {@code authorId} is the author's platform id when the webhook
 * did not say who wrote it (a Page comment without {@code from}, since 1.8).
 *
 * @since 1.6
 */
public record LookedUpMessage(String text, Optional<String> authorHandle, Optional<String> authorName,
        Optional<String> permalink, Optional<Instant> createdAt, Optional<String> authorId) {

    public LookedUpMessage {
        Objects.requireNonNull(text, "text");
        authorId = blankToEmpty(authorId);
        authorHandle = blankToEmpty(authorHandle);
        authorName = blankToEmpty(authorName);
        permalink = blankToEmpty(permalink);
        createdAt = createdAt == null ? Optional.empty() : createdAt;
    }

    /** Without the author's platform id: the API named the author only by handle or name. */
    public LookedUpMessage(String text, Optional<String> authorHandle, Optional<String> authorName,
            Optional<String> permalink, Optional<Instant> createdAt) {
        this(text, authorHandle, authorName, permalink, createdAt, Optional.empty());
    }

    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.map(String::strip).filter(v -> !v.isEmpty());
    }
}
