package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.core.internal.auth.IssuedToken;
import dev.parley.helpdesk.core.internal.auth.Role;
import dev.parley.helpdesk.core.internal.auth.StoredToken;
import dev.parley.helpdesk.core.internal.auth.TokenStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/tokens}: create an API token ({@code POST {"name","role","paths"}}, 201 with the token,
 * shown this once), list them ({@code GET}: names, roles, created and last-used times, never a
 * token), read one and revoke one ({@code DELETE /{id}}, effective at the next request). Admin
 * only: the {@link ApiFilter}'s policy grants it to no other role.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern({"/api/tokens", "/api/tokens/*"})
public final class TokensServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The body of a create call; paths limit the token to those /api prefixes. */
    record NewToken(String name, String role, List<String> paths) {
    }

    private final transient TokenStore store;
    private final transient ObjectMapper json = ApiJson.newMapper();

    @Activate
    public TokensServlet(@Reference TokenStore store) {
        this.store = store;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = req.getPathInfo() == null ? new String[0]
                : Arrays.stream(req.getPathInfo().split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String method = req.getMethod();
        if (path.length == 0) {
            switch (method) {
                case "GET" -> send(resp, 200, Map.of("tokens", store.list().stream().map(TokensServlet::describe).toList()));
                case "POST" -> create(req, resp);
                default -> throw notAllowed(method, "GET, POST");
            }
        } else if (path.length == 1) {
            long id = id(path[0]);
            switch (method) {
                case "GET" -> send(resp, 200, describe(store.get(id).orElseThrow(() -> missing(id))));
                case "DELETE" -> {
                    if (!store.revoke(id)) {
                        throw missing(id);
                    }
                    resp.setStatus(204);
                }
                default -> throw notAllowed(method, "GET, DELETE");
            }
        } else {
            throw ProblemException.notFound("no resource at " + req.getRequestURI());
        }
    }

    private void create(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        NewToken body = json.readValue(req.getInputStream(), NewToken.class);
        if (body == null) {
            throw ProblemException.badRequest("the request body must be a JSON object {\"name\",\"role\"}");
        }
        if (body.name() == null) {
            throw field("name", "field 'name' is required: who uses the token (recorded as the author of replies)");
        }
        if (body.role() == null) {
            throw field("role", "field 'role' is required: one of " + Role.choices());
        }
        Role role = Role.parse(body.role()).orElseThrow(() -> field("role", "field 'role' must be one of "
                + Role.choices() + ", not '" + body.role() + "'"));
        IssuedToken issued;
        try {
            issued = store.create(body.name(), role, body.paths());
        } catch (IllegalArgumentException e) {
            throw field(e.getMessage().startsWith("a token's name") ? "name" : "paths", e.getMessage());
        }
        Map<String, Object> answer = describe(issued.stored());
        answer.put("token", issued.token());
        resp.setHeader("Location", "/api/tokens/" + issued.stored().id());
        resp.setHeader("Cache-Control", "no-store"); // the only copy of the secret
        send(resp, 201, answer);
    }

    static Map<String, Object> describe(StoredToken token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", token.id());
        body.put("name", token.name());
        body.put("role", token.role().id());
        body.put("paths", token.paths());
        body.put("created", token.created().toString());
        body.put("lastUsed", token.lastUsed().map(Instant::toString).orElse(null));
        return body;
    }

    private void send(HttpServletResponse resp, int status, Object body) throws IOException {
        ApiJson.send(json, resp, status, body);
    }

    private static long id(String segment) {
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("no token '" + segment + "': token ids are numbers");
        }
    }

    private static ProblemException missing(long id) {
        return ProblemException.notFound("no API token " + id + " (revoked, or never created)");
    }

    private static ProblemException field(String field, String detail) {
        return new ProblemException(400, "Bad Request", detail, null, Map.of("field", field));
    }

    private static ProblemException notAllowed(String method, String allow) {
        return new ProblemException(405, "Method Not Allowed", method + " is not supported here; use " + allow, null,
                Map.of("allow", allow));
    }
}
