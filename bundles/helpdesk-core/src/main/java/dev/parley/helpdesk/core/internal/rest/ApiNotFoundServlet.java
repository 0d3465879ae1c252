package dev.parley.helpdesk.core.internal.rest;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.helpdesk.api.http.ProblemException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Catches /api paths no servlet serves, so they too pass the API filter and answer problem+json. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
public final class ApiNotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        throw ProblemException.notFound("no API resource at " + req.getRequestURI()
                + "; see the README for the API's paths");
    }
}
