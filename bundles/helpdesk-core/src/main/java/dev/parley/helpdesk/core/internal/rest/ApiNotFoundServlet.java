package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.helpdesk.api.http.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Catches /api paths no servlet serves, so they too pass the API filter (in the default context)
 * and answer problem+json. Writes its 404 itself: it must not need the filter to answer well.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
public final class ApiNotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Problems problems = new Problems(ApiJson.newMapper());

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        problems.write(resp, ProblemException.notFound("no API resource at " + req.getRequestURI()
                + "; see the README for the API's paths"), req.getRequestURI());
    }
}
