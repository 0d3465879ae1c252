package dev.parley.helpdesk.core.internal.shell;

import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;

/**
 * Gogo commands for administrators: {@code parley:tickets [status]} lists the newest tickets,
 * {@code parley:ticket <id>} shows one with its conversation. Bad input answers with a message,
 * never a stack trace.
 */
@Component(service = TicketCommands.class, property = {"osgi.command.scope=parley",
        "osgi.command.function=tickets", "osgi.command.function=ticket"})
public final class TicketCommands {

    private final TicketService tickets;

    @Activate
    public TicketCommands(@Reference TicketService tickets) {
        this.tickets = tickets;
    }

    /** The 20 newest open tickets. */
    public String tickets() {
        return list(TicketQuery.open());
    }

    /** The 20 newest tickets in a status (NEW, OPEN, PENDING, SOLVED, CLOSED or ALL). */
    public String tickets(String status) {
        if (status.equalsIgnoreCase("ALL")) {
            return list(TicketQuery.all());
        }
        try {
            return list(TicketQuery.all().withStatuses(Set.of(TicketStatus.valueOf(status.toUpperCase()))));
        } catch (IllegalArgumentException e) {
            return "unknown status '" + status + "'; use one of NEW, OPEN, PENDING, SOLVED, CLOSED, ALL";
        }
    }

    public String ticket(String id) {
        long ticketId;
        try {
            ticketId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return "ticket ids are numbers, not '" + id + "'";
        }
        return tickets.get(ticketId).map(TicketCommands::describe).orElse("no ticket " + ticketId);
    }

    private String list(TicketQuery query) {
        var page = tickets.query(query.withLimit(20));
        if (page.tickets().isEmpty()) {
            return "no tickets";
        }
        StringBuilder out = new StringBuilder(String.format("%-8s %-8s %-7s %-10s %-16s %s%n", "ID", "STATUS", "PRIO",
                "CHANNEL", "REQUESTER", "SUBJECT"));
        for (Ticket t : page.tickets()) {
            out.append(String.format("%-8d %-8s %-7s %-10s %-16s %s%n", t.id(), t.status(), t.priority(), t.channel(),
                    abbreviate(t.requester().displayName(), 16), abbreviate(t.subject(), 60)));
        }
        return out.toString().stripTrailing();
    }

    private static String describe(Ticket t) {
        StringBuilder out = new StringBuilder();
        out.append("#").append(t.id()).append(' ').append(t.subject()).append(System.lineSeparator());
        out.append(t.status()).append(", ").append(t.priority()).append(", channel ").append(t.channel())
                .append(", requester ").append(t.requester().displayName())
                .append(t.assignee().map(a -> ", assignee " + a).orElse(""))
                .append(t.tags().isEmpty() ? "" : ", tags " + t.tags().stream().collect(Collectors.joining(" ")))
                .append(System.lineSeparator());
        for (Message m : t.messages()) {
            out.append(String.format("  %s %-8s %-13s %s: %s%n", m.createdAt(), m.direction(), m.visibility(),
                    m.author().name(), abbreviate(m.text().replace('\n', ' '), 100)));
        }
        return out.toString().stripTrailing();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
