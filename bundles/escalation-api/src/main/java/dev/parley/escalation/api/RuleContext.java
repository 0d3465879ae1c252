package dev.parley.escalation.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;

/**
 * Everything a rule may look at, computed once per triggering event: the trigger, the ticket as it
 * is now, the customer's message that triggered it (for SLA triggers, the customer's latest), its
 * sentiment (compound score, -1..+1) and language (ISO 639-1 code, {@code "und"} when unknown), the
 * author, the customer's recent contacts (newest first, the current message included) and, when the
 * SLA plugin is installed, the most pressing SLA target.
 */
public record RuleContext(
        TriggerKind trigger,
        Ticket ticket,
        Optional<Message> message,
        double sentiment,
        String language,
        AuthorProfile author,
        List<RecentContact> recentContacts,
        Optional<SlaSnapshot> sla,
        Instant now) {

    public RuleContext {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(now, "now");
        message = message == null ? Optional.empty() : message;
        sla = sla == null ? Optional.empty() : sla;
        recentContacts = recentContacts == null ? List.of() : List.copyOf(recentContacts);
    }

    /** The triggering message's text, empty without one. */
    public String text() {
        return message.map(Message::text).orElse("");
    }

    /** How many of the customer's contacts fall within {@code window} before now. */
    public int contactsWithin(Duration window) {
        Instant since = now.minus(window);
        return (int) recentContacts.stream().filter(c -> !c.at().isBefore(since)).count();
    }
}
