package dev.parley.social.connector.internal.rest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.api.http.TicketResource;
import dev.parley.social.api.Handoff;
import dev.parley.social.api.HandoffRequest;
import dev.parley.social.api.SocialHandoff;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/tickets/{id}/handoff}: moves a public conversation to DM. The body is optional:
 * {@code {"publicText": "...", "privateText": "..."}} replaces the configured texts. The host has
 * authenticated the caller; a policy refusal comes back as the host's 422 problem.
 */
@Component(service = TicketResource.class, property = TicketResource.NAME + "=handoff")
public final class HandoffResource implements TicketResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocialHandoff handoff;

    @Activate
    public HandoffResource(@Reference SocialHandoff handoff) {
        this.handoff = handoff;
    }

    @Override
    public void handle(long ticketId, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("POST")) {
            throw RestJson.notAllowed(request.getMethod(), "POST");
        }
        byte[] raw = request.getInputStream().readAllBytes();
        JsonNode body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
        if (!body.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object with optional publicText and privateText");
        }
        for (var names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("publicText") && !name.equals("privateText")) {
                throw new ProblemException(400, "Bad Request", "unknown field '" + name
                        + "'; known: publicText, privateText", null, Map.of("field", name));
            }
        }
        String agent = String.valueOf(request.getAttribute(TicketResource.PRINCIPAL));
        Handoff result = handoff.handOff(ticketId, new HandoffRequest(agent, false, text(body, "publicText"),
                text(body, "privateText")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ticketId", result.ticketId());
        answer.put("publicMessageId", result.publicMessageId());
        answer.put("privateMessageId", result.privateMessageId());
        answer.put("answerExpectedBy", result.answerExpectedBy().toString());
        RestJson.send(response, 201, answer);
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ProblemException(400, "Bad Request", "'" + field + "' must be a non-empty string", null,
                    Map.of("field", field));
        }
        return Optional.of(value.asText());
    }
}
