package dev.parley.sla.internal.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /sla/*}: the SLA web components ({@code parley-sla.js} and the modules it imports) and the
 * ready dashboard at {@code /sla/}. A servlet rather than a whiteboard resource so that {@code /sla/}
 * serves the dashboard, only the files listed here are reachable, and every answer carries the
 * headers that keep an XSS in customer text from ever running script (CSP: scripts from here only).
 * The files hold no data; every figure they show comes from {@code /api/sla}, behind the API token.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/sla/*")
public final class SlaWidgetServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "parley-sla.js", "text/javascript; charset=utf-8",
            "sla-core.js", "text/javascript; charset=utf-8",
            "sla-board.js", "text/javascript; charset=utf-8",
            "sla-styles.js", "text/javascript; charset=utf-8");

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

    private final transient Function<String, Optional<URL>> resources;

    @Activate
    public SlaWidgetServlet(BundleContext context) {
        this(name -> Optional.ofNullable(context.getBundle().getEntry("web/" + name)));
    }

    SlaWidgetServlet(Function<String, Optional<URL>> resources) {
        this.resources = resources;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            // relative module imports and the dashboard's links need the trailing slash
            resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        String type = FILES.get(name);
        Optional<URL> file = type == null ? Optional.empty() : resources.apply(name);
        if (file.isEmpty()) {
            resp.sendError(404);
            return;
        }
        resp.setContentType(type);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-cache");
        // cross-origin embedding (module scripts load in CORS mode) is SlaCorsFilter's, for configured origins only
        if (!name.endsWith(".js")) {
            resp.setHeader("Content-Security-Policy", CSP);
            resp.setHeader("Referrer-Policy", "no-referrer");
        }
        try (InputStream in = file.get().openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
