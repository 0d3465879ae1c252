package dev.parley.social.sandbox.internal.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.social.sandbox.internal.SocialSandbox;
import dev.parley.social.sandbox.internal.customer.SandboxMedia;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /sandbox/media/<name>}: the sandbox's stand-in for a platform CDN, with real bytes. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/sandbox/media/*")
public final class SandboxMediaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Activate
    public SandboxMediaServlet(@Reference(target = SocialSandbox.ENABLED) SocialSandbox sandbox) {
        // bound to the sandbox only so that a disabled sandbox serves nothing
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        SandboxMedia.File file = SandboxMedia.file(name).orElse(null);
        if (file == null) {
            resp.sendError(404);
            return;
        }
        resp.setContentType(file.contentType());
        resp.setContentLength(file.bytes().length);
        resp.getOutputStream().write(file.bytes());
    }
}
