package dev.parley.helpdesk.api;

import java.util.List;
import java.util.Objects;

/**
 * A ticket's head and the marks of its messages in the order they were added: the shape of the
 * conversation (who spoke when, publicly or not) without bodies, attachments, tags or requester.
 * What reply clocks and similar derivations need, read for many tickets at a fraction of the cost
 * of whole tickets ({@link TicketService#outlines}).
 *
 * @since 1.8
 */
public record TicketOutline(TicketHead head, List<MessageMark> messages) {

    public TicketOutline {
        Objects.requireNonNull(head, "head");
        messages = List.copyOf(messages);
    }

    /** The outline of a whole ticket already read. */
    public static TicketOutline of(Ticket ticket) {
        return new TicketOutline(new TicketHead(ticket.id(), ticket.subject(), ticket.status(), ticket.priority(),
                ticket.channel(), ticket.requester().id(), ticket.assignee(), ticket.group(), ticket.linkedTicketId(),
                ticket.createdAt(), ticket.updatedAt(), ticket.version()),
                ticket.messages().stream().map(MessageMark::of).toList());
    }

    public long id() {
        return head.id();
    }
}
