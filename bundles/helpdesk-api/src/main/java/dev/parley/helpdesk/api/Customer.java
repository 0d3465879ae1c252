package dev.parley.helpdesk.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person the team talks to, with every channel identity known to belong to them; {@code
 * avatarUrl} is their picture as a platform's profile gave it (a platform URL, it may expire).
 */
public record Customer(long id, String displayName, List<ChannelIdentity> identities, Optional<String> avatarUrl) {

    public Customer {
        Objects.requireNonNull(displayName, "displayName");
        identities = List.copyOf(identities);
        avatarUrl = avatarUrl == null ? Optional.empty() : avatarUrl;
    }

    public Customer(long id, String displayName, List<ChannelIdentity> identities) {
        this(id, displayName, identities, Optional.empty());
    }
}
