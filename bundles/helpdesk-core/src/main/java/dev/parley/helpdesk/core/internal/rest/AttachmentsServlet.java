package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.core.internal.attachments.FileNames;
import dev.parley.helpdesk.core.internal.attachments.MediaSniffer;
import dev.parley.helpdesk.core.internal.tickets.JdbcAttachmentStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/attachments/{id}}: the bytes of a kept attachment, for agents (authenticated by
 * the /api filter like every API call). The bytes came from outside, so the browser must never
 * guess: the stored (sniffed) type with {@code nosniff}, inline only for raster images, everything
 * else a download, and a sandboxing CSP in case a browser renders it anyway. An agent's upload is
 * named by its sanitized name ({@link FileNames#disposition}: ASCII {@code filename} and RFC 8187
 * {@code filename*}), so no name can add a header or a path.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern("/api/attachments/*")
public final class AttachmentsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient JdbcAttachmentStore store;

    @Activate
    public AttachmentsServlet(@Reference JdbcAttachmentStore store) {
        this.store = store;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        if (!path.matches("/[0-9]{1,18}")) {
            throw ProblemException.notFound("no attachment at " + req.getRequestURI()
                    + "; attachments are /api/attachments/{id} with a numeric id");
        }
        if (!req.getMethod().equals("GET") && !req.getMethod().equals("HEAD")) {
            throw new ProblemException(405, "Method Not Allowed", req.getMethod() + " is not allowed here; use GET");
        }
        long id = Long.parseLong(path.substring(1));
        JdbcAttachmentStore.Served served = store.open(id).orElseThrow(() -> ProblemException.notFound(
                "attachment " + id + " is not stored (unknown, still downloading, or unavailable: see its message)"));
        resp.setStatus(200);
        resp.setContentType(served.mediaType());
        resp.setContentLengthLong(served.size());
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
        resp.setHeader("Cache-Control", "private, max-age=86400, immutable");
        resp.setHeader("ETag", "\"" + served.sha256() + "\"");
        String disposition = MediaSniffer.inline(served.mediaType()) ? "inline" : "attachment";
        resp.setHeader("Content-Disposition", FileNames.disposition(disposition,
                served.name().orElse("attachment-" + id)));
        if (req.getMethod().equals("GET")) {
            try (OutputStream out = resp.getOutputStream()) {
                Files.copy(served.file(), out);
            }
        }
    }
}
