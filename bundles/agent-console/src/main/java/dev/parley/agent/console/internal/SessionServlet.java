package dev.parley.agent.console.internal;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /agent/session}: {@code POST {"token"}} signs in (the host is asked who the token is; an
 * agent or admin token starts a session, a widget token is refused with 403), {@code GET} says who
 * is signed in and gives the page its CSRF token, {@code DELETE} signs out (CSRF header required).
 * The token is never sent back.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/agent/session")
public final class SessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SessionServlet.class);
    private static final int MAX_BODY = 4096;

    private final transient Sessions sessions;
    private final transient HostApi host;

    @Activate
    public SessionServlet(@Reference Sessions sessions, @Reference HostApi host) {
        this.sessions = sessions;
        this.host = host;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (req.getMethod()) {
            case "POST" -> signIn(req, resp);
            case "GET" -> {
                Optional<ConsoleSession> session = sessions.find(req);
                if (session.isEmpty()) {
                    Problems.signInAgain(req, resp);
                } else {
                    Problems.json(resp, 200, describe(session.get()));
                }
            }
            case "DELETE" -> {
                Optional<ConsoleSession> session = sessions.find(req);
                if (session.isEmpty()) {
                    resp.addHeader("Set-Cookie", Sessions.cookie("", req.isSecure(), true));
                    resp.setStatus(204);
                } else if (!Sessions.csrfMatches(session.get(), req)) {
                    csrfRefused(req, resp);
                } else {
                    sessions.signOut(session.get(), req, resp);
                    resp.setStatus(204);
                }
            }
            default -> Problems.write(req, resp, 405, "Method Not Allowed", req.getMethod()
                    + " is not supported here; use GET, POST or DELETE", Map.of("allow", "GET, POST, DELETE"));
        }
    }

    private void signIn(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            // a cross-site form cannot send JSON without a preflight: this also keeps sign-in itself CSRF-safe
            Problems.write(req, resp, 415, "Unsupported Media Type", "send {\"token\":\"…\"} as application/json",
                    Map.of());
            return;
        }
        byte[] raw = req.getInputStream().readNBytes(MAX_BODY + 1);
        String token;
        try {
            JsonNode body = raw.length > MAX_BODY ? null : Problems.JSON.readTree(raw);
            token = body != null && body.isObject() && body.size() == 1 && body.path("token").isTextual()
                    ? body.get("token").asText().strip() : "";
        } catch (JsonProcessingException e) {
            token = "";
        }
        if (token.isEmpty() || token.length() > 512) {
            Problems.write(req, resp, 400, "Bad Request", "the body is {\"token\":\"<your agent API token>\"}",
                    Map.of("field", "token"));
            return;
        }
        URI api = host.base(req);
        HostApi.Identity identity;
        try {
            identity = host.whoAmI(api, token);
        } catch (IOException e) {
            LOG.warn("Console sign-in: the REST API at {} did not answer: {}", api, e.toString());
            Problems.write(req, resp, 502, "Bad Gateway", "Parley's REST API did not answer; try again shortly",
                    Map.of());
            return;
        }
        if (identity.status() == 401) {
            Problems.write(req, resp, 401, "Unauthorized", "the token is not valid (unknown or revoked)", Map.of());
            return;
        }
        if (!identity.valid()) {
            Problems.write(req, resp, 403, "Forbidden", "this token may not use the console (the host answered "
                    + identity.status() + "); use an unrestricted agent token", Map.of("requiredRole", "agent"));
            return;
        }
        if (!identity.role().equals("agent") && !identity.role().equals("admin")) {
            Problems.write(req, resp, 403, "Forbidden", "the token '" + identity.name() + "' has the '"
                    + identity.role() + "' role, which only reads SLA clocks; sign in with an agent token",
                    Map.of("requiredRole", "agent", "role", identity.role()));
            return;
        }
        ConsoleSession session = sessions.start(token, identity, api, req, resp);
        Problems.json(resp, 201, describe(session));
    }

    private Map<String, Object> describe(ConsoleSession session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", session.name);
        body.put("role", session.role);
        body.put("csrf", session.csrf);
        body.put("idleSeconds", sessions.idleLimit().toSeconds());
        return body;
    }

    static void csrfRefused(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Problems.write(req, resp, 403, "Forbidden", "a console write needs the session's " + Sessions.CSRF_HEADER
                + " header", Map.of("csrf", true));
    }
}
