package dev.parley.escalation.internal.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.parley.escalation.api.RecentContact;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;

/**
 * A customer's tickets changed within the look-back, as one query read them: where their recent
 * contacts come from. Read once per customer and batch, it serves every event of theirs in it.
 */
record ContactHistory(List<Ticket> tickets) {

    ContactHistory {
        tickets = List.copyOf(tickets);
    }

    static ContactHistory none() {
        return new ContactHistory(List.of());
    }

    /**
     * The customer's stored inbound messages since {@code since} across their tickets, {@code current}
     * included even when the query did not return it, newest first.
     */
    List<RecentContact> contacts(Ticket current, Optional<Message> message, Instant since) {
        List<RecentContact> contacts = new ArrayList<>();
        boolean currentRead = false;
        for (Ticket t : tickets) {
            currentRead |= t.id() == current.id();
            add(contacts, t, since);
        }
        if (!currentRead) {
            add(contacts, current, since);
        }
        message.filter(m -> m.id() <= 0).ifPresent(m -> contacts.add(new RecentContact(current.id(), m.channel(),
                m.createdAt()))); // an explained text not stored anywhere still counts as this contact
        contacts.sort(Comparator.comparing(RecentContact::at).reversed());
        return contacts;
    }

    private static void add(List<RecentContact> contacts, Ticket ticket, Instant since) {
        for (Message m : ticket.messages()) {
            if (m.id() > 0 && ContextBuilder.fromCustomer(m) && !m.createdAt().isBefore(since)) {
                contacts.add(new RecentContact(ticket.id(), m.channel(), m.createdAt()));
            }
        }
    }
}
