package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.core.internal.canned.CannedResponse;
import dev.parley.helpdesk.core.internal.canned.CannedResponseStore;
import dev.parley.helpdesk.core.internal.canned.Placeholders;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/canned-responses}: replies written once and reused. Agents read them ({@code GET},
 * {@code GET /{id}}); admins write them ({@code POST {"name","text"}}, {@code PUT /{id}},
 * {@code DELETE /{id}}): the {@code AccessPolicy} grants agents only the reads. A text's
 * placeholders ({@code {{customer.name}}} and the others listed in {@code placeholders} of the
 * listing) are filled by the client from the ticket; the host stores and checks them.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern({"/api/canned-responses", "/api/canned-responses/*"})
public final class CannedResponsesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The body of a create or replace call. */
    record Body(String name, String text) {
    }

    private final transient CannedResponseStore store;
    private final transient ObjectMapper json = ApiJson.newMapper();

    @Activate
    public CannedResponsesServlet(@Reference CannedResponseStore store) {
        this.store = store;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = req.getPathInfo() == null ? new String[0]
                : Arrays.stream(req.getPathInfo().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String method = req.getMethod().equals("HEAD") ? "GET" : req.getMethod();
        try {
            if (path.length == 0) {
                switch (method) {
                    case "GET" -> send(resp, 200, Map.of("cannedResponses",
                            store.list().stream().map(CannedResponsesServlet::describe).toList(),
                            "placeholders", Placeholders.KNOWN.stream().sorted().toList()));
                    case "POST" -> {
                        Body body = body(req);
                        CannedResponse created = store.create(body.name(), body.text());
                        resp.setHeader("Location", "/api/canned-responses/" + created.id());
                        send(resp, 201, describe(created));
                    }
                    default -> throw notAllowed(method, "GET, POST");
                }
            } else if (path.length == 1) {
                long id = id(path[0]);
                switch (method) {
                    case "GET" -> send(resp, 200, describe(store.get(id).orElseThrow(() -> missing(id))));
                    case "PUT" -> {
                        Body body = body(req);
                        send(resp, 200, describe(store.update(id, body.name(), body.text())
                                .orElseThrow(() -> missing(id))));
                    }
                    case "DELETE" -> {
                        if (!store.delete(id)) {
                            throw missing(id);
                        }
                        resp.setStatus(204);
                    }
                    default -> throw notAllowed(method, "GET, PUT, DELETE");
                }
            } else {
                throw ProblemException.notFound("no resource at " + req.getRequestURI());
            }
        } catch (CannedResponseStore.Invalid e) {
            throw new ProblemException(400, "Bad Request", e.getMessage(), null, Map.of("field", e.field()));
        } catch (CannedResponseStore.NameTaken e) {
            throw new ProblemException(409, "Conflict", e.getMessage(), null, Map.of("field", "name"));
        }
    }

    private Body body(HttpServletRequest req) throws IOException {
        Body body = json.readValue(req.getInputStream(), Body.class);
        if (body == null) {
            throw ProblemException.badRequest("the request body must be a JSON object {\"name\",\"text\"}");
        }
        return body;
    }

    static Map<String, Object> describe(CannedResponse r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.id());
        body.put("name", r.name());
        body.put("text", r.text());
        body.put("placeholders", r.placeholders());
        body.put("createdAt", r.createdAt().toString());
        body.put("updatedAt", r.updatedAt().toString());
        return body;
    }

    private void send(HttpServletResponse resp, int status, Object body) throws IOException {
        ApiJson.send(json, resp, status, body);
    }

    private static long id(String segment) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("no canned response '" + segment + "': ids are numbers");
        }
    }

    private static ProblemException missing(long id) {
        return ProblemException.notFound("no canned response " + id);
    }

    private static ProblemException notAllowed(String method, String allow) {
        return new ProblemException(405, "Method Not Allowed", method + " is not supported here; use " + allow, null,
                Map.of("allow", allow));
    }
}
