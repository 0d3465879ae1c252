package dev.parley.social.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a platform's profile API says about a user: {@code platformId} as in {@link
 * SocialAuthor#platformId()}, the name people see, the handle (X username, Instagram username;
 * Messenger has none) and the picture's URL (a platform URL that may expire).
 */
public record SocialProfile(String platformId, Optional<String> displayName, Optional<String> handle,
        Optional<String> avatarUrl) {

    public SocialProfile {
        Objects.requireNonNull(platformId, "platformId");
        displayName = blankToEmpty(displayName);
        handle = blankToEmpty(handle);
        avatarUrl = blankToEmpty(avatarUrl);
    }

    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.map(String::strip).filter(v -> !v.isEmpty());
    }
}
