package dev.parley.escalation.internal.rest;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.escalation.internal.engine.EscalationEngine;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.api.http.TicketResource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /api/tickets/{id}/escalations}: the ticket's audit, every rule that fired, why, and what became of its actions. */
@Component(service = TicketResource.class, property = TicketResource.NAME + "=escalations")
public final class TicketEscalations implements TicketResource {

    private final EscalationEngine engine;
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public TicketEscalations(@Reference EscalationEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handle(long ticketId, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod())) {
            throw new ProblemException(405, "Method Not Allowed", request.getMethod()
                    + " is not supported here; the audit is read-only, use GET", null, Map.of("allow", "GET"));
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), EscalationJson.audit(ticketId, engine.audit(ticketId)));
    }
}
