package dev.parley.escalation.internal.rest;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.escalation.internal.engine.EscalationEngine;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/escalation/explain} (a dry run: what would fire and why, changing nothing) and
 * {@code GET /api/escalation/rules} (every rule with its source and switch, and refused rule files).
 * The host's /api filter authenticates and renders problems.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern({"/api/escalation/explain", "/api/escalation/rules"})
public final class EscalationServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient EscalationEngine engine;
    private final transient TicketService tickets;
    private final transient Clock clock;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public EscalationServlet(@Reference EscalationEngine engine, @Reference TicketService tickets) {
        this(engine, tickets, Clock.systemUTC());
    }

    public EscalationServlet(EscalationEngine engine, TicketService tickets, Clock clock) {
        this.engine = engine;
        this.tickets = tickets;
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath();
        if (path.equals("/api/escalation/rules")) {
            allow(req, "GET");
            send(resp, EscalationJson.rules(engine));
        } else if (path.equals("/api/escalation/explain")) {
            allow(req, "POST");
            String type = req.getContentType();
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw new ProblemException(415, "Unsupported Media Type", "send the explain request as application/json");
            }
            JsonNode body;
            try {
                body = json.readTree(req.getInputStream());
            } catch (JsonProcessingException e) {
                throw ProblemException.badRequest("malformed JSON: " + e.getOriginalMessage());
            }
            send(resp, EscalationJson.explanation(engine.explain(ExplainRequests.context(body, engine, tickets, clock))));
        } else {
            throw ProblemException.notFound("no resource at " + req.getRequestURI());
        }
    }

    private static void allow(HttpServletRequest req, String method) {
        if (!method.equals(req.getMethod())) {
            throw new ProblemException(405, "Method Not Allowed", req.getMethod() + " is not supported here; use "
                    + method, null, Map.of("allow", method));
        }
    }

    private void send(HttpServletResponse resp, Object body) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), body);
    }
}
