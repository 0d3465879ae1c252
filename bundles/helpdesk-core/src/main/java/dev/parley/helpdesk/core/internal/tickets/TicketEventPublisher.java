package dev.parley.helpdesk.core.internal.tickets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.core.internal.tickets.TicketRows.Head;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketStatus;

/**
 * Turns committed changes into EventAdmin events; called after the change's transaction commits,
 * so a handler never reads a change that could still roll back.
 */
final class TicketEventPublisher {

    private final EventAdmin eventAdmin;
    TicketEventPublisher(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void created(Ticket ticket) {
        post(TicketEvents.CREATED, ticketProperties(Head.of(ticket)));
    }

    void updated(Head ticket, TicketStatus previousStatus, List<String> changes) {
        Map<String, Object> props = ticketProperties(ticket);
        props.put(TicketEvents.CHANGES, changes.toArray(String[]::new));
        if (previousStatus != ticket.status()) {
            props.put(TicketEvents.PREVIOUS_STATUS, previousStatus.name());
        }
        post(TicketEvents.UPDATED, props);
    }

    void messageAdded(Head ticket, Message message, TicketStatus previousStatus) {
        Map<String, Object> props = ticketProperties(ticket);
        messageProperties(props, message);
        if (previousStatus != ticket.status()) {
            props.put(TicketEvents.PREVIOUS_STATUS, previousStatus.name());
        }
        post(TicketEvents.MESSAGE_ADDED, props);
    }

    void deliveryChanged(Head ticket, Message message) {
        Map<String, Object> props = ticketProperties(ticket);
        messageProperties(props, message);
        props.put(TicketEvents.DELIVERY_STATE, message.delivery().name());
        post(TicketEvents.DELIVERY_CHANGED, props);
    }

    void messageRevised(Head ticket, Message message) {
        Map<String, Object> props = ticketProperties(ticket);
        messageProperties(props, message);
        post(TicketEvents.MESSAGE_REVISED, props);
    }

    private static Map<String, Object> ticketProperties(Head ticket) {
        Map<String, Object> props = new HashMap<>();
        props.put(TicketEvents.TICKET_ID, ticket.id());
        props.put(TicketEvents.TICKET_VERSION, ticket.version());
        props.put(TicketEvents.STATUS, ticket.status().name());
        props.put(TicketEvents.PRIORITY, ticket.priority().name());
        props.put(TicketEvents.CHANNEL, ticket.channel());
        props.put(TicketEvents.TIMESTAMP, System.currentTimeMillis());
        return props;
    }

    private static void messageProperties(Map<String, Object> props, Message message) {
        props.put(TicketEvents.MESSAGE_ID, message.id());
        props.put(TicketEvents.MESSAGE_DIRECTION, message.direction().name());
        props.put(TicketEvents.MESSAGE_VISIBILITY, message.visibility().name());
        props.put(TicketEvents.MESSAGE_AUTHOR_KIND, message.author().kind().name());
        props.put(TicketEvents.MESSAGE_PROPERTY_KEYS, message.properties().keySet().toArray(String[]::new));
        props.put(TicketEvents.MESSAGE_PENDING_ATTACHMENTS, (int) message.attachments().stream()
                .filter(a -> a.state().equals(java.util.Optional.of(dev.parley.helpdesk.api.AttachmentState.PENDING)))
                .count());
    }

    private void post(String topic, Map<String, Object> props) {
        eventAdmin.postEvent(new Event(topic, props));
    }
}
