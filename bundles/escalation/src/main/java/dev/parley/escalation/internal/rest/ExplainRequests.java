package dev.parley.escalation.internal.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.api.TriggerKind;
import dev.parley.escalation.internal.engine.EscalationEngine;
import dev.parley.helpdesk.api.Author;
import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.social.api.SocialProperties;

/**
 * Turns an explain request into a rule context without storing anything: {@code {"ticketId"}}
 * explains a ticket's latest customer message; {@code {"text", "channel", "visibility",
 * "followers", "verified", "canDm", "trigger"}} explains a message as if it had just arrived
 * (on the given ticket when {@code ticketId} is there too).
 */
public final class ExplainRequests {

    private static final Set<String> FIELDS = Set.of("ticketId", "text", "channel", "visibility", "followers",
            "verified", "canDm", "trigger", "customer");

    private ExplainRequests() {
    }

    public static RuleContext context(JsonNode body, EscalationEngine engine, TicketService tickets, Clock clock) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("expected a JSON object with \"ticketId\" and/or \"text\"");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw field(name, "unknown field '" + name + "'; known: " + new TreeSet<>(FIELDS));
            }
        }
        TriggerKind trigger = trigger(body.get("trigger"));
        Optional<Ticket> ticket = Optional.empty();
        if (body.has("ticketId")) {
            JsonNode id = body.get("ticketId");
            if (!id.canConvertToLong() || !id.isIntegralNumber()) {
                throw field("ticketId", "ticketId must be a number");
            }
            ticket = Optional.of(tickets.get(id.asLong()).orElseThrow(() -> ProblemException.notFound(
                    "ticket " + id.asLong() + " does not exist")));
        }
        if (!body.has("text")) {
            if (ticket.isEmpty()) {
                throw ProblemException.badRequest("give \"ticketId\" (explain its latest customer message) or \"text\"");
            }
            return engine.contexts().build(trigger, ticket.get(), Optional.empty());
        }
        String text = string(body, "text", null);
        Instant now = clock.instant();
        Ticket base = ticket.orElseGet(() -> new Ticket(0, "explain", TicketStatus.NEW, Priority.NORMAL,
                string(body, "channel", "x"), new Customer(0, string(body, "customer", "customer"), List.of()),
                Optional.empty(), Optional.empty(), new TreeSet<>(), Optional.empty(), now, now, 0, List.of()));
        Visibility visibility = visibility(body.get("visibility"));
        Map<String, String> props = new HashMap<>();
        props.put(SocialProperties.FOLLOWERS, Long.toString(number(body, "followers")));
        props.put(SocialProperties.VERIFIED, Boolean.toString(bool(body, "verified")));
        props.put(SocialProperties.CAN_RECEIVE_DM, Boolean.toString(bool(body, "canDm")));
        Message message = new Message(0, base.id(), Direction.INBOUND, visibility, base.channel(), Optional.empty(),
                new Author(AuthorKind.CUSTOMER, base.requester().displayName(), Optional.of(base.requester().id())),
                text, List.of(), now, DeliveryState.NONE, Optional.empty(), props);
        return engine.contexts().build(trigger, base, Optional.of(message));
    }

    private static TriggerKind trigger(JsonNode node) {
        if (node == null) {
            return TriggerKind.MESSAGE;
        }
        return switch (node.asText().toLowerCase(Locale.ROOT)) {
            case "message" -> TriggerKind.MESSAGE;
            case "sla.warning" -> TriggerKind.SLA_WARNING;
            case "sla.breached" -> TriggerKind.SLA_BREACHED;
            default -> throw field("trigger", "trigger must be message, sla.warning or sla.breached");
        };
    }

    private static Visibility visibility(JsonNode node) {
        if (node == null) {
            return Visibility.PUBLIC;
        }
        try {
            Visibility v = Visibility.valueOf(node.asText().toUpperCase(Locale.ROOT));
            if (v == Visibility.INTERNAL_NOTE || !node.isTextual()) {
                throw new IllegalArgumentException();
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw field("visibility", "visibility must be PUBLIC or PRIVATE");
        }
    }

    private static String string(JsonNode body, String name, String fallback) {
        JsonNode node = body.get(name);
        if (node == null && fallback != null) {
            return fallback;
        }
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw field(name, name + " must be a non-empty string");
        }
        return node.asText();
    }

    private static long number(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null) {
            return 0;
        }
        if (!node.isIntegralNumber() || node.asLong() < 0) {
            throw field(name, name + " must be a whole number of at least 0");
        }
        return node.asLong();
    }

    private static boolean bool(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw field(name, name + " must be true or false");
        }
        return node.asBoolean();
    }

    private static ProblemException field(String name, String detail) {
        return new ProblemException(400, "Bad Request", detail, null, Map.of("field", name));
    }
}
