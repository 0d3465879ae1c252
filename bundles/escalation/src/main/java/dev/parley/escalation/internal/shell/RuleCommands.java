package dev.parley.escalation.internal.shell;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.escalation.internal.engine.EscalationEngine;
import dev.parley.escalation.internal.rest.EscalationJson;
import dev.parley.escalation.internal.rest.ExplainRequests;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.http.ProblemException;

/**
 * Gogo commands: {@code parley:rules} lists the rules in order with their source and switch and
 * any refused rule file; {@code parley:explain <ticket id>} or {@code parley:explain "<text>"} shows
 * what would fire, changing nothing. Bad input answers with a message, never a stack trace.
 */
@Component(service = RuleCommands.class, property = {"osgi.command.scope=parley", "osgi.command.function=rules",
        "osgi.command.function=explain"})
public final class RuleCommands {

    private final EscalationEngine engine;
    private final TicketService tickets;
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public RuleCommands(@Reference EscalationEngine engine, @Reference TicketService tickets) {
        this.engine = engine;
        this.tickets = tickets;
    }

    @SuppressWarnings("unchecked")
    public String rules() {
        Map<String, Object> view = EscalationJson.rules(engine);
        StringBuilder out = new StringBuilder(String.format("%-34s %-8s %-7s %-8s %s%n", "RULE", "RANKING", "ON",
                "KIND", "SOURCE"));
        for (Object o : (List<Object>) view.get("rules")) {
            Map<String, Object> r = (Map<String, Object>) o;
            out.append(String.format("%-34s %-8s %-7s %-8s %s%n", r.get("name"), r.get("ranking"),
                    Boolean.TRUE.equals(r.get("enabled")) ? "yes" : "no", r.get("kind"), r.get("source")));
        }
        for (Object o : (List<Object>) view.get("errors")) {
            Map<String, Object> e = (Map<String, Object>) o;
            out.append("REFUSED ").append(e.get("file")).append(" at ").append(e.get("path")).append(": ")
                    .append(e.get("reason")).append(System.lineSeparator());
        }
        return out.toString().stripTrailing();
    }

    /** A ticket id explains its latest customer message; anything else is explained as a public message. */
    public String explain(String ticketOrText) {
        ObjectNode request = json.createObjectNode();
        if (ticketOrText.matches("\\d{1,18}")) {
            request.put("ticketId", Long.parseLong(ticketOrText));
        } else {
            request.put("text", ticketOrText);
        }
        try {
            var explanation = engine.explain(ExplainRequests.context(request, engine, tickets, Clock.systemUTC()));
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(EscalationJson.explanation(explanation));
        } catch (ProblemException e) {
            return e.getMessage();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "could not render the explanation: " + e.getOriginalMessage();
        }
    }
}
