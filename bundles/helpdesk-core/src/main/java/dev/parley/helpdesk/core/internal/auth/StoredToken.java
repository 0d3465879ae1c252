package dev.parley.helpdesk.core.internal.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An API token as the store describes it: everything but the token, which is never kept. */
public record StoredToken(long id, String name, Role role, List<String> paths, Instant created,
        Optional<Instant> lastUsed) {

    public StoredToken {
        paths = List.copyOf(paths);
    }

    StoredToken usedAt(Instant at) {
        return lastUsed.isPresent() && !lastUsed.get().isBefore(at) ? this
                : new StoredToken(id, name, role, paths, created, Optional.of(at));
    }

    Caller caller() {
        return new Caller(name, role, paths, Optional.of(id));
    }
}
