package dev.parley.helpdesk.core.internal.auth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who made an API call: the token's name (the author of the replies it posts), its role, the path
 * prefixes it is limited to (empty: any path its role allows) and, for a token kept in the
 * database, its id.
 */
public record Caller(String name, Role role, List<String> paths, Optional<Long> tokenId) {

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        paths = List.copyOf(paths);
        Objects.requireNonNull(tokenId, "tokenId");
    }

    public static Caller configured(String name, Role role) {
        return new Caller(name, role, List.of(), Optional.empty());
    }
}
