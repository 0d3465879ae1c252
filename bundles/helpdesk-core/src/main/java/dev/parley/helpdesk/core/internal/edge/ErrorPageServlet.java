package dev.parley.helpdesk.core.internal.edge;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletErrorPage;

import dev.parley.helpdesk.api.http.ApiContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The whiteboard's error page for every 4xx and 5xx a servlet or the whiteboard itself reports with
 * {@code sendError} (no servlet at a path: 404; a method a servlet does not implement: 405; an
 * exception that escaped a servlet: 500): problem+json instead of Jetty's HTML. The exception
 * itself is never described to the client.
 */
// in the API's context too, where the /api servlets are
@Component(service = Servlet.class, property = "osgi.http.whiteboard.context.select="
        + "(|(osgi.http.whiteboard.context.name=default)" + ApiContext.SELECT + ")")
@HttpWhiteboardServletErrorPage(errorPage = {"4xx", "5xx"})
public final class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : resp.getStatus();
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object id = req.getAttribute(EdgePreprocessor.REQUEST_ID);
        String detail = ProblemBody.detail(status);
        if (status >= 500 && id != null) {
            detail += "; the log has the details under request id " + id;
        }
        EdgeResponses.problem(resp, status, detail, uri == null ? req.getRequestURI() : uri.toString(),
                id == null ? null : id.toString());
    }
}
