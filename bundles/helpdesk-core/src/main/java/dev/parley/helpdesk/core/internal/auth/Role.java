package dev.parley.helpdesk.core.internal.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an API token may do, each role including the one below it: {@code widget} reads SLA
 * clocks, {@code agent} also works tickets, {@code admin} does everything (plugins, tokens,
 * configuration, the social inbox).
 */
public enum Role {
    WIDGET, AGENT, ADMIN;

    /** The lower-case name used on the wire, in configuration and in the shell. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public static Optional<Role> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.strip();
        return Arrays.stream(values()).filter(r -> r.id().equalsIgnoreCase(wanted)).findFirst();
    }

    /** "admin, agent, widget" for messages that list the choices. */
    public static String choices() {
        return Arrays.stream(values()).map(Role::id).sorted().collect(Collectors.joining(", "));
    }
}
