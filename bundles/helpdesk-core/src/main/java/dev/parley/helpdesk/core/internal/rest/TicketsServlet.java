package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.PolicyCheck;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketNotFoundException;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.api.http.TicketResource;
import dev.parley.helpdesk.core.internal.tickets.JdbcAttachmentStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/tickets}: list and create tickets, read and patch one, add agent replies and notes,
 * take an agent's file for a reply ({@code attachments}, {@link UploadEndpoint}),
 * check a reply against the channel's policies without sending it ({@code messages/check});
 * {@code /api/tickets/{id}/<name>} goes to the plugin registered as {@link TicketResource} {@code name}.
 * Authentication, body limits and error rendering happen in {@link ApiFilter}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern({"/api/tickets", "/api/tickets/*"})
public final class TicketsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final Set<String> QUERY_PARAMS = Set.of("status", "priority", "channel", "assignee", "group", "tag",
            "requester", "updatedSince", "cursor", "limit");

    private final transient TicketService tickets;
    private final transient CustomerService customers;
    private final transient JdbcAttachmentStore attachments;
    private final transient UploadEndpoint uploads;
    private final transient ObjectMapper json = ApiJson.newMapper();
    private final transient TicketResources resources = new TicketResources();

    @Activate
    public TicketsServlet(@Reference TicketService tickets, @Reference CustomerService customers,
            @Reference JdbcAttachmentStore attachments, @Reference UploadEndpoint uploads) {
        this.tickets = tickets;
        this.customers = customers;
        this.attachments = attachments;
        this.uploads = uploads;
    }

    /** Plugins' ticket sub-resources come and go at runtime: a dynamic whiteboard. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTicketResource(TicketResource resource, Map<String, Object> properties) {
        resources.add(resource, properties);
    }

    void removeTicketResource(TicketResource resource) {
        resources.remove(resource);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = segments(req.getPathInfo());
        String method = req.getMethod();
        if (path.length == 0) {
            switch (method) {
                case "GET" -> list(req, resp);
                case "POST" -> create(req, resp);
                default -> throw notAllowed(method, "GET, POST");
            }
        } else if (path.length == 1) {
            long id = ticketId(path[0]);
            switch (method) {
                case "GET" -> send(resp, 200, tickets.get(id).orElseThrow(() -> TicketNotFoundException.ticket(id)));
                case "PATCH" -> patch(id, req, resp);
                default -> throw notAllowed(method, "GET, PATCH");
            }
        } else if (path.length == 3 && path[1].equals("messages") && path[2].equals("check")) {
            if (!method.equals("POST")) {
                throw notAllowed(method, "POST");
            }
            check(ticketId(path[0]), req, resp);
        } else if (path.length == 3 && path[1].equals("messages") && method.equals("GET")) {
            long id = ticketId(path[0]);
            long messageId = messageId(path[2]);
            Message message = tickets.getMessage(messageId).filter(m -> m.ticketId() == id)
                    .orElseThrow(() -> ProblemException.notFound("ticket " + id + " has no message " + messageId));
            send(resp, 200, message);
        } else if (path.length == 2 && path[1].equals("attachments")) {
            long id = ticketId(path[0]);
            uploads.handle(tickets.head(id).orElseThrow(() -> TicketNotFoundException.ticket(id)), req, resp);
        } else if (path.length == 2 && !path[1].equals("messages")) {
            long id = ticketId(path[0]);
            TicketResource resource = resources.find(path[1]).orElseThrow(() -> ProblemException.notFound(
                    "no resource at " + req.getRequestURI() + "; is the plugin that serves '" + path[1] + "' installed?"));
            tickets.get(id).orElseThrow(() -> TicketNotFoundException.ticket(id));
            resource.handle(id, req, resp);
        } else if (path.length == 2) {
            long id = ticketId(path[0]);
            switch (method) {
                case "GET" -> send(resp, 200, Map.of("messages",
                        tickets.get(id).orElseThrow(() -> TicketNotFoundException.ticket(id)).messages()));
                case "POST" -> reply(id, req, resp);
                default -> throw notAllowed(method, "GET, POST");
            }
        } else {
            throw ProblemException.notFound("no resource at " + req.getRequestURI());
        }
    }

    private void list(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        for (String name : req.getParameterMap().keySet()) {
            if (!QUERY_PARAMS.contains(name)) {
                throw ProblemException.badRequest("unknown query parameter '" + name + "'; known: "
                        + QUERY_PARAMS.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        TicketQuery query = new TicketQuery(
                enumSet(req, "status", TicketStatus.class), enumSet(req, "priority", Priority.class),
                param(req, "channel"), param(req, "assignee"), param(req, "group"), param(req, "tag"),
                param(req, "requester").map(v -> number("requester", v)),
                param(req, "updatedSince").map(TicketsServlet::instant), param(req, "cursor"),
                param(req, "limit").map(v -> limit(number("limit", v))).orElse(TicketQuery.DEFAULT_LIMIT));
        TicketPage page = tickets.query(query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tickets", page.tickets());
        body.put("nextCursor", page.nextCursor().orElse(null));
        send(resp, 200, body);
    }

    private void create(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TicketRequests.CreateTicket body = body(req, TicketRequests.CreateTicket.class);
        body.validate();
        Customer requester = requester(body.requester());
        String channel = Optional.ofNullable(body.channel()).filter(c -> !c.isBlank()).orElse("web");
        Optional<NewMessage> first = Optional.ofNullable(body.description()).filter(d -> !d.isBlank())
                .map(d -> NewMessage.inbound(requester, channel, Visibility.PRIVATE, null, d, null));
        Ticket ticket = tickets.create(new NewTicket(body.subject(), channel, requester.id(),
                Optional.ofNullable(body.priority()).orElse(Priority.NORMAL), Optional.ofNullable(body.group()),
                body.tags(), Optional.empty(), first));
        resp.setHeader("Location", "/api/tickets/" + ticket.id());
        send(resp, 201, ticket);
    }

    private Customer requester(TicketRequests.RequesterRef ref) {
        if (ref.id() != null) {
            return customers.get(ref.id()).orElseThrow(() -> new ProblemException(400, "Bad Request",
                    "requester " + ref.id() + " does not exist", null, Map.of("field", "requester.id")));
        }
        String email = ref.email().strip().toLowerCase();
        if (!email.matches("[^@\\s]+@[^@\\s]+")) {
            throw new ProblemException(400, "Bad Request", "requester.email '" + ref.email()
                    + "' is not an e-mail address", null, Map.of("field", "requester.email"));
        }
        return customers.resolve(ChannelIdentity.of("email", email), ref.name());
    }

    private void patch(long id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TicketRequests.PatchTicket body = body(req, TicketRequests.PatchTicket.class);
        send(resp, 200, tickets.update(id, body.toUpdate()));
    }

    private void reply(long id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Message stored = tickets.addMessage(id, agentMessage(id, req));
        resp.setHeader("Location", "/api/tickets/" + id + "/messages/" + stored.id());
        send(resp, 201, stored);
    }

    /** {@code POST /api/tickets/{id}/messages/check}: the body of a send, reviewed by the policies and not stored. */
    private void check(long id, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PolicyCheck check = tickets.checkMessage(id, agentMessage(id, req));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allowed", check.allowed());
        body.put("rule", check.rule().orElse(null));
        body.put("detail", check.detail().orElse(null));
        body.put("remedy", check.remedy().orElse(null));
        body.put("remaining", check.remaining().orElse(null));
        send(resp, 200, body);
    }

    /** The agent's message a send's body describes, authored by the caller's token name. */
    private NewMessage agentMessage(long id, HttpServletRequest req) throws IOException {
        TicketRequests.Reply body = body(req, TicketRequests.Reply.class);
        body.validate();
        // the head, not the ticket: a whole read would load every message of a long conversation per reply
        TicketHead ticket = tickets.head(id).orElseThrow(() -> TicketNotFoundException.ticket(id));
        String agent = String.valueOf(req.getAttribute(ApiFilter.PRINCIPAL));
        String text = body.template() != null ? body.template().describe() : body.text() == null ? "" : body.text();
        NewMessage message = NewMessage.agentReply(agent, ticket.channel(), body.visibilityOrPrivate(), text)
                .withAttachments(body.attachmentList(attachments::storedFile, attachments::uploadName));
        Map<String, String> properties = new java.util.HashMap<>();
        if (body.template() != null) {
            properties.putAll(body.template().properties());
        }
        if (body.inReplyTo() != null) {
            Message answered = tickets.getMessage(body.inReplyTo()).filter(m -> m.ticketId() == id)
                    .orElseThrow(() -> new ProblemException(400, "Bad Request", "inReplyTo: ticket " + id
                            + " has no message " + body.inReplyTo(), null, Map.of("field", "inReplyTo")));
            properties.put(NewMessage.IN_REPLY_TO, Long.toString(answered.id()));
        }
        return properties.isEmpty() ? message : message.withProperties(properties);
    }

    /** The JSON object a request carries: {@code null} (or nothing) is a client mistake, not a servlet's NPE. */
    private <T> T body(HttpServletRequest req, Class<T> type) throws IOException {
        T value = json.readValue(req.getInputStream(), type);
        if (value == null) {
            throw ProblemException.badRequest("the request body must be a JSON object, not null");
        }
        return value;
    }

    private void send(HttpServletResponse resp, int status, Object body) throws IOException {
        ApiJson.send(json, resp, status, body);
    }

    private static String[] segments(String pathInfo) {
        if (pathInfo == null || pathInfo.equals("/")) {
            return new String[0];
        }
        return Arrays.stream(pathInfo.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private static long ticketId(String segment) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("no ticket '" + segment + "': ticket ids are numbers");
        }
    }

    private static long messageId(String segment) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("no message '" + segment + "': message ids are numbers");
        }
    }

    private static ProblemException notAllowed(String method, String allowed) {
        return new ProblemException(405, "Method Not Allowed", method + " is not supported here; use " + allowed,
                null, Map.of("allow", allowed));
    }

    private static Optional<String> param(HttpServletRequest req, String name) {
        return Optional.ofNullable(req.getParameter(name)).filter(v -> !v.isBlank());
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("query parameter '" + name + "' must be a number, not '" + value + "'");
        }
    }

    /** A limit beyond int must not wrap around into a small one: 4294967297 is not 1. */
    private static int limit(long value) {
        if (value < 1 || value > TicketQuery.MAX_LIMIT) {
            throw ProblemException.badRequest("query parameter 'limit' must be between 1 and " + TicketQuery.MAX_LIMIT
                    + ", not " + value);
        }
        return (int) value;
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("query parameter 'updatedSince' must be an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z, not '" + value + "'");
        }
    }

    private static <E extends Enum<E>> Set<E> enumSet(HttpServletRequest req, String name, Class<E> type) {
        Optional<String> raw = param(req, name);
        if (raw.isEmpty()) {
            return Set.of();
        }
        Map<String, E> byName = Arrays.stream(type.getEnumConstants())
                .collect(Collectors.toMap(Enum::name, Function.identity()));
        Set<E> result = EnumSet.noneOf(type);
        for (String item : raw.get().split(",")) {
            E value = byName.get(item.strip().toUpperCase());
            if (value == null) {
                throw ProblemException.badRequest("query parameter '" + name + "' has '" + item + "'; expected one of "
                        + byName.keySet().stream().sorted().collect(Collectors.joining(", ")));
            }
            result.add(value);
        }
        return result;
    }
}
