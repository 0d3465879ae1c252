package dev.parley.social.sandbox.internal.http;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.social.sandbox.internal.SocialSandbox;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /sandbox/}: the page to post as a fake customer and watch the sandbox's traffic. It
 * takes the whole /sandbox/* prefix (the whiteboard refuses a "/sandbox/" exact pattern); the
 * longer patterns of the API servlets still win.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/sandbox/*")
public final class SandboxPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PAGE = "/sandbox-ui/index.html";

    @Activate
    public SandboxPageServlet(@Reference(target = SocialSandbox.ENABLED) SocialSandbox sandbox) {
        // bound only so the page disappears with a disabled sandbox
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            resp.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        if (!path.equals("/") && !path.equals("/index.html")) {
            resp.sendError(404);
            return;
        }
        try (InputStream page = SandboxPageServlet.class.getResourceAsStream(PAGE)) {
            if (page == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType("text/html");
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                    + "style-src 'self' 'unsafe-inline'");
            page.transferTo(resp.getOutputStream());
        }
    }
}
