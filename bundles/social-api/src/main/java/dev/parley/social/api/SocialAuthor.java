package dev.parley.social.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The person behind an inbound message as the platform describes them. {@code platformId} is
 * stable (an X user id, a page-scoped id); handle and display name can change. {@code
 * canReceiveDm} is present only when the platform told us whether we may message them privately.
 */
public record SocialAuthor(
        String platformId,
        Optional<String> handle,
        Optional<String> displayName,
        OptionalLong followerCount,
        boolean verified,
        Optional<Boolean> canReceiveDm) {

    public SocialAuthor {
        Objects.requireNonNull(platformId, "platformId");
        handle = handle == null ? Optional.empty() : handle;
        displayName = displayName == null ? Optional.empty() : displayName;
        followerCount = followerCount == null ? OptionalLong.empty() : followerCount;
        canReceiveDm = canReceiveDm == null ? Optional.empty() : canReceiveDm;
    }

    /** An author of whom only the platform id is known. */
    public static SocialAuthor of(String platformId) {
        return new SocialAuthor(platformId, Optional.empty(), Optional.empty(), OptionalLong.empty(), false,
                Optional.empty());
    }

    /** The best name to show: display name, else handle, else the platform id. */
    public String bestName() {
        return displayName.filter(n -> !n.isBlank()).or(() -> handle).orElse(platformId);
    }
}
