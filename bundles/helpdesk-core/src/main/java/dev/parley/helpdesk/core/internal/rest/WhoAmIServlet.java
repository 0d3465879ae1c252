package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.http.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/me}: who the caller's token says they are, {@code {"name","role"}}, for any role.
 * A client that signs a person in with their token (the agent console) learns their name (the
 * author of their replies) and whether the role suffices without trying a call that changes
 * something. The {@link ApiFilter} has authenticated the caller and set both attributes.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/me")
public final class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ObjectMapper json = ApiJson.newMapper();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.getMethod().equals("GET") && !req.getMethod().equals("HEAD")) {
            throw new ProblemException(405, "Method Not Allowed", req.getMethod() + " is not supported here; use GET",
                    null, Map.of("allow", "GET"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", String.valueOf(req.getAttribute(ApiFilter.PRINCIPAL)));
        body.put("role", String.valueOf(req.getAttribute(ApiFilter.ROLE)));
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        json.writeValue(resp.getOutputStream(), body);
    }
}
