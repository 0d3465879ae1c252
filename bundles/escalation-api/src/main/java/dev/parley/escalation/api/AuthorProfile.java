package dev.parley.escalation.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What is known about the author of the triggering message: the customer, the platform handle,
 * reach ({@code followers}, 0 when unknown), whether the platform verified the account, and
 * whether we may send them a direct message ({@code canReceiveDm}, false when unknown).
 */
public record AuthorProfile(Optional<Long> customerId, String displayName, Optional<String> handle, long followers,
        boolean verified, boolean canReceiveDm) {

    public AuthorProfile {
        Objects.requireNonNull(displayName, "displayName");
        customerId = customerId == null ? Optional.empty() : customerId;
        handle = handle == null ? Optional.empty() : handle;
    }

    public static AuthorProfile unknown() {
        return new AuthorProfile(Optional.empty(), "unknown", Optional.empty(), 0, false, false);
    }
}
