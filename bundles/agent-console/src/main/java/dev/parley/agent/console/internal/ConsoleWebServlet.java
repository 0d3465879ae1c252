package dev.parley.agent.console.internal;

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
 * {@code /agent/*}: the console's page and its ES modules, from the bundle, nothing else. Every
 * answer carries a Content-Security-Policy that allows scripts from this origin only (no inline
 * script, no CDN), so customer text that slipped into markup could not run; the page builds
 * customer text into text nodes anyway. The files hold no data: everything comes from the REST API.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/agent/*")
public final class ConsoleWebServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final String JS = "text/javascript; charset=utf-8";
    static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("index.html", "text/html; charset=utf-8"),
            Map.entry("console.css", "text/css; charset=utf-8"),
            Map.entry("console.js", JS),
            Map.entry("api.js", JS),
            Map.entry("dom.js", JS),
            Map.entry("queue.js", JS),
            Map.entry("conversation.js", JS),
            Map.entry("composer.js", JS),
            Map.entry("canned.js", JS),
            Map.entry("side-panel.js", JS),
            Map.entry("sign-in.js", JS));

    // images: the attachment store (same origin) and customers' avatars from the platforms' CDNs (https)
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final transient Function<String, Optional<URL>> resources;

    @Activate
    public ConsoleWebServlet(BundleContext context) {
        this(name -> Optional.ofNullable(context.getBundle().getEntry("web/" + name)));
    }

    ConsoleWebServlet(Function<String, Optional<URL>> resources) {
        this.resources = resources;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
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
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        try (InputStream in = file.get().openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
