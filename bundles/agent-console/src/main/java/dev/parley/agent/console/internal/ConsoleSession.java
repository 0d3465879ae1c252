package dev.parley.agent.console.internal;

import java.net.URI;
import java.time.Instant;

/**
 * One signed-in agent: the API token they signed in with (kept here, never sent to the browser),
 * the name and role the host gave it, the CSRF token their page must send on every write, and
 * where their calls go. {@code key} is the SHA-256 of the cookie's value, so the cookie itself is
 * not kept.
 */
final class ConsoleSession {

    final String key;
    final String token;
    final String name;
    final String role;
    final String csrf;
    final URI api;
    final Instant created;
    private volatile Instant lastSeen;

    ConsoleSession(String key, String token, String name, String role, String csrf, URI api, Instant created) {
        this.key = key;
        this.token = token;
        this.name = name;
        this.role = role;
        this.csrf = csrf;
        this.api = api;
        this.created = created;
        this.lastSeen = created;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }
}
