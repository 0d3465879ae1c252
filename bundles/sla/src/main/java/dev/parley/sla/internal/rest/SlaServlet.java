package dev.parley.sla.internal.rest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.sla.api.SlaService;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.clock.Urgency;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.stats.Responsiveness;
import dev.parley.sla.internal.store.SlaStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/sla/*}: the open queue with its clocks, one ticket's status, responsiveness figures
 * and the policies in force. Read-only; the host's /api filter authenticates and renders problems.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern({"/api/sla/tickets", "/api/sla/tickets/*", "/api/sla/stats", "/api/sla/policies"})
public final class SlaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final Set<String> QUEUE_PARAMS = Set.of("channel", "priority", "limit", "cursor");
    /** A page of the queue: a board shows the most urgent first and asks for more; 100,000 at once is ~90 MB. */
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 1000;

    private final transient SlaService sla;
    private final transient PolicyCatalog policies;
    private final transient SlaStore store;
    private final transient Clock clock;
    private final transient TicketSubjects subjects;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public SlaServlet(@Reference SlaService sla, @Reference PolicyCatalog policies,
            @Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference TicketService tickets) {
        this(sla, policies, new SlaStore(dataSource, migrator), Clock.systemUTC(), tickets);
    }

    /** A servlet without DS (tests, the benchmark). A factory, not a second public constructor, so SCR sees only one. */
    public static SlaServlet create(SlaService sla, PolicyCatalog policies, SlaStore store, Clock clock,
            TicketService tickets) {
        return new SlaServlet(sla, policies, store, clock, tickets);
    }

    private SlaServlet(SlaService sla, PolicyCatalog policies, SlaStore store, Clock clock, TicketService tickets) {
        this.sla = sla;
        this.policies = policies;
        this.store = store;
        this.clock = clock;
        this.subjects = new TicketSubjects(tickets);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod())) {
            throw new ProblemException(405, "Method Not Allowed", req.getMethod() + " is not supported here; use GET",
                    null, Map.of("allow", "GET"));
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.equals("/api/sla/tickets") || path.equals("/api/sla/tickets/")) {
            QueuePage page = queue(req);
            sendQueue(resp, page, subjects(page.tickets()));
        } else if (path.startsWith("/api/sla/tickets/")) {
            long id = ticketId(path.substring("/api/sla/tickets/".length()));
            TicketSla status = sla.status(id).orElseThrow(() -> ProblemException.notFound(
                    "ticket " + id + " has no SLA clocks; it does not exist or was closed before the SLA bundle was installed"));
            send(resp, SlaJson.ticket(status, subjects.of(id).orElse(null)));
        } else if (path.equals("/api/sla/stats")) {
            Instant now = clock.instant();
            send(resp, Map.of("generatedAt", now.toString(), "channels",
                    Responsiveness.compute(store.createdSince(now.minus(Duration.ofDays(30))), now)));
        } else if (path.equals("/api/sla/policies")) {
            List<Object> all = new ArrayList<>();
            policies.configured().forEach(p -> all.add(SlaJson.policy(p, false)));
            PolicyCatalog.BUILT_IN.forEach(p -> all.add(SlaJson.policy(p, true)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("policies", all);
            body.put("calendars", policies.calendars().stream()
                    .map(c -> Map.of("id", c.id(), "zone", c.zone().getId())).toList());
            send(resp, body);
        } else {
            throw ProblemException.notFound("no resource at " + req.getRequestURI());
        }
    }

    /** One page of the matching open tickets in the engine's urgency order, after the cursor's ticket. */
    private QueuePage queue(HttpServletRequest req) {
        for (String name : req.getParameterMap().keySet()) {
            if (!QUEUE_PARAMS.contains(name)) {
                throw ProblemException.badRequest("unknown query parameter '" + name
                        + "'; known: channel, priority, limit, cursor");
            }
        }
        Set<String> channels = values(req, "channel");
        Set<Priority> priorities = values(req, "priority").stream().map(SlaServlet::priority).collect(Collectors.toSet());
        int limit = limit(req.getParameter("limit"));
        Urgency after = req.getParameter("cursor") == null ? null : QueueCursor.decode(req.getParameter("cursor"));
        List<TicketSla> matching = sla.openTickets().stream()
                .filter(t -> channels.isEmpty() || channels.contains(t.channel().toLowerCase(Locale.ROOT)))
                .filter(t -> priorities.isEmpty() || priorities.contains(t.priority())).toList();
        int from = after == null ? 0 : firstAfter(matching, after);
        List<TicketSla> page = matching.subList(from, Math.min(matching.size(), from + limit));
        String next = from + page.size() < matching.size() ? QueueCursor.encode(Urgency.of(page.get(page.size() - 1)))
                : null;
        return new QueuePage(page, matching.size(), next);
    }

    /** The queue is in {@link Urgency} order, so the first ticket past the cursor is found by halving. */
    private static int firstAfter(List<TicketSla> queue, Urgency after) {
        int low = 0;
        int high = queue.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Urgency.of(queue.get(mid)).compareTo(after) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw ProblemException.badRequest("query parameter 'limit' must be a whole number between 1 and " + MAX_LIMIT
                + " (default " + DEFAULT_LIMIT + ")");
    }

    private record QueuePage(List<TicketSla> tickets, int total, String nextCursor) {
    }

    /** From the SLA store, for this page only; tickets saved before it kept subjects are looked up one by one. */
    private Map<Long, String> subjects(List<TicketSla> page) {
        if (page.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> known = new HashMap<>(store.subjects(page.stream().map(TicketSla::ticketId).toList()));
        for (TicketSla t : page) {
            if (!known.containsKey(t.ticketId())) {
                subjects.of(t.ticketId()).ifPresent(subject -> known.put(t.ticketId(), subject));
            }
        }
        return known;
    }

    private static Set<String> values(HttpServletRequest req, String name) {
        String[] raw = req.getParameterValues(name);
        if (raw == null) {
            return Set.of();
        }
        return java.util.Arrays.stream(raw).flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim)
                .filter(v -> !v.isEmpty()).map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static Priority priority(String value) {
        try {
            return Priority.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown priority '" + value + "'; use LOW, NORMAL, HIGH or URGENT");
        }
    }

    private static long ticketId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("ticket id '" + text + "' is not a number");
        }
    }

    private void sendQueue(HttpServletResponse resp, QueuePage page, Map<Long, String> subjects)
            throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        try (JsonGenerator out = json.getFactory().createGenerator(resp.getOutputStream())) {
            out.writeStartObject();
            out.writeArrayFieldStart("tickets");
            for (TicketSla ticket : page.tickets()) {
                out.writeObject(SlaJson.ticket(ticket, subjects.get(ticket.ticketId())));
            }
            out.writeEndArray();
            out.writeNumberField("total", page.total());
            out.writeStringField("nextCursor", page.nextCursor());
            out.writeEndObject();
        }
    }

    private void send(HttpServletResponse resp, Object body) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), body);
    }
}
