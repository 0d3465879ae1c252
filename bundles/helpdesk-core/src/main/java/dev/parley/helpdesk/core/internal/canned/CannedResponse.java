package dev.parley.helpdesk.core.internal.canned;

import java.time.Instant;
import java.util.List;

/**
 * A reply an admin wrote once for agents to reuse: its {@code name} (what the agent types to find
 * it) and its {@code text}, which may hold placeholders such as {@code {{customer.name}}} that the
 * agent's client fills from the ticket before the reply is checked and sent.
 */
public record CannedResponse(long id, String name, String text, Instant createdAt, Instant updatedAt) {

    /** The placeholders the text uses, in order of first use. */
    public List<String> placeholders() {
        return Placeholders.used(text);
    }
}
