package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.helpdesk.api.TicketService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}, unauthenticated: 200 once the store and the ticket service are up. The
 * component only exists while TicketService does, so a 404 means "not ready". Load balancers and
 * the launcher's readiness probe use it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient TicketService tickets;

    @Activate
    public HealthServlet(@Reference TicketService tickets) {
        this.tickets = tickets;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean storeAnswers;
        try {
            tickets.get(0);
            storeAnswers = true;
        } catch (RuntimeException e) {
            storeAnswers = false;
        }
        resp.setStatus(storeAnswers ? 200 : 503);
        resp.setContentType("application/json");
        resp.getOutputStream().write((storeAnswers ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\",\"detail\":\"the store does not answer\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
