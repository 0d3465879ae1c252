package dev.parley.helpdesk.core.internal.shell;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.helpdesk.core.internal.auth.IssuedToken;
import dev.parley.helpdesk.core.internal.auth.Role;
import dev.parley.helpdesk.core.internal.auth.StoredToken;
import dev.parley.helpdesk.core.internal.auth.TokenStore;

/**
 * API tokens from the Gogo shell: {@code parley:tokens} lists them (never a token),
 * {@code parley:token-create <name> <role> [/api/prefix,...]} prints a new one once, and
 * {@code parley:token-revoke <id>} revokes one at once. Gogo cannot map a hyphenated command name
 * to a Java method, so those two are small services whose {@code _main} gets the command name
 * first. Bad input answers with a message, never a stack trace.
 */
@Component(service = TokenCommands.class, property = {"osgi.command.scope=parley", "osgi.command.function=tokens"})
public final class TokenCommands {

    private final TokenStore store;

    @Activate
    public TokenCommands(@Reference TokenStore store) {
        this.store = store;
    }

    public String tokens() {
        List<StoredToken> all = store.list();
        if (all.isEmpty()) {
            return "no API tokens in the database (the admin token is in <home>/etc/admin.token); "
                    + "parley:token-create <name> <role> makes one";
        }
        StringBuilder out = new StringBuilder(String.format("%-6s %-24s %-7s %-21s %-21s %s%n", "ID", "NAME", "ROLE",
                "CREATED", "LAST USED", "PATHS"));
        for (StoredToken t : all) {
            out.append(String.format("%-6d %-24s %-7s %-21s %-21s %s%n", t.id(), t.name(), t.role().id(),
                    t.created().truncatedTo(ChronoUnit.SECONDS), t.lastUsed().map(at -> at.truncatedTo(ChronoUnit.SECONDS))
                            .map(Instant::toString).orElse("never"),
                    t.paths().isEmpty() ? "(any its role allows)" : String.join(",", t.paths())));
        }
        return out.toString().stripTrailing();
    }

    static String create(TokenStore store, String name, String role, Optional<String> paths) {
        Optional<Role> parsed = Role.parse(role);
        if (parsed.isEmpty()) {
            return "unknown role '" + role + "'; use one of " + Role.choices();
        }
        try {
            IssuedToken issued = store.create(name, parsed.get(), paths.map(p -> Arrays.stream(p.split(","))
                    .map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of()));
            return "token " + issued.stored().id() + " '" + issued.stored().name() + "' (" + parsed.get().id() + "): "
                    + issued.token() + System.lineSeparator() + "It is shown only this once; keep it somewhere safe.";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static String revoke(TokenStore store, String id) {
        long tokenId;
        try {
            tokenId = Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return "token ids are numbers, not '" + id + "'; parley:tokens lists them";
        }
        return store.revoke(tokenId) ? "token " + tokenId + " revoked" : "no token " + tokenId;
    }

    @Component(service = Create.class, property = {"osgi.command.scope=parley", "osgi.command.function=token-create"})
    public static final class Create {
        private final TokenStore store;

        @Activate
        public Create(@Reference TokenStore store) {
            this.store = store;
        }

        public String _main(String command, String name, String role) {
            return create(store, name, role, Optional.empty());
        }

        /** {@code paths}: comma-separated /api prefixes the token is limited to. */
        public String _main(String command, String name, String role, String paths) {
            return create(store, name, role, Optional.of(paths));
        }
    }

    @Component(service = Revoke.class, property = {"osgi.command.scope=parley", "osgi.command.function=token-revoke"})
    public static final class Revoke {
        private final TokenStore store;

        @Activate
        public Revoke(@Reference TokenStore store) {
            this.store = store;
        }

        public String _main(String command, String id) {
            return revoke(store, id);
        }
    }
}
