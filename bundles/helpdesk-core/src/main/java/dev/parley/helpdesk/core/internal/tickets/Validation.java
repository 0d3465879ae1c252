package dev.parley.helpdesk.core.internal.tickets;

import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.TicketUpdate;

/** Input checks shared by the service methods; failures name the field for the REST caller. */
final class Validation {

    static final int MAX_TEXT = 100_000;

    private Validation() {
    }

    static void text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters; at most " + maxLength
                    + " are allowed");
        }
    }

    static void message(NewMessage m) {
        text("channel", m.channel(), 100);
        if (m.text().isBlank() && m.attachments().isEmpty()) {
            throw new IllegalArgumentException("text must not be empty (unless the message has attachments)");
        }
        if (m.text().length() > MAX_TEXT) {
            throw new IllegalArgumentException("text is " + m.text().length() + " characters; at most " + MAX_TEXT
                    + " are allowed");
        }
        m.externalId().ifPresent(id -> text("externalId", id, 500));
        text("author.name", m.author().name(), 500);
    }

    static void update(TicketUpdate u) {
        u.assignee().filter(a -> !a.isBlank()).ifPresent(a -> text("assignee", a, 200));
        u.group().filter(g -> !g.isBlank()).ifPresent(g -> text("group", g, 200));
        u.addTags().forEach(tag -> text("tag", tag, 200));
        u.subject().ifPresent(subject -> text("subject", subject, 1000));
    }
}
