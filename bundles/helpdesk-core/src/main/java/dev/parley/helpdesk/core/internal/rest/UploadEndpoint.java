package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.core.internal.attachments.UploadRefusedException;
import dev.parley.helpdesk.core.internal.tickets.AttachmentsConfig;
import dev.parley.helpdesk.core.internal.tickets.JdbcAttachmentStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/tickets/{id}/attachments?name=<file name>}: an agent's file, the raw bytes as the
 * body with their {@code Content-Type}, kept in the attachment store until a reply carries it
 * ({@code "attachments":[{"attachmentId":N}]}). Answers 201 with its {@code attachmentId}, name,
 * type and size. A raw body (not multipart/form-data) because it streams straight into the store:
 * nothing is parsed and nothing held in memory. The caller was authenticated and its role checked
 * before a byte is read; a declared length over the limit is refused before reading, the rest while
 * reading (413), and the whole body must arrive within the deadline (408).
 */
@Component(service = UploadEndpoint.class, configurationPid = AttachmentsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class UploadEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(UploadEndpoint.class);

    private final JdbcAttachmentStore store;
    private final long maxBytes;
    private final Duration deadline;
    private final ObjectMapper json = ApiJson.newMapper();

    @Activate
    public UploadEndpoint(@Reference JdbcAttachmentStore store, AttachmentsConfig config) {
        this.store = store;
        this.maxBytes = config.maxUploadBytes();
        this.deadline = Duration.ofSeconds(config.uploadTimeoutSeconds());
    }

    void handle(TicketHead ticket, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.getMethod().equals("POST")) {
            throw new ProblemException(405, "Method Not Allowed", req.getMethod() + " is not supported here; POST "
                    + "a file's bytes", null, Map.of("allow", "POST"));
        }
        long declared = req.getContentLengthLong();
        if (declared > maxBytes) {
            throw new ProblemException(413, "Content Too Large", "the file is " + declared + " bytes; at most "
                    + maxBytes + " bytes are accepted", null, Map.of("maxBytes", maxBytes));
        }
        if (declared == 0) {
            throw ProblemException.badRequest("the body is empty: send the file's bytes as the request body");
        }
        String type = Optional.ofNullable(req.getContentType()).orElse("").strip();
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new ProblemException(415, "Unsupported Media Type", "send the file's raw bytes as the body with its "
                    + "Content-Type and ?name=<file name>, not a multipart form");
        }
        // the query string by hand: getParameter would read a form-encoded body into memory to look for parameters
        String name = nameParameter(req.getQueryString());
        if (name.length() > 1000) {
            throw ProblemException.badRequest("the name is longer than 1000 characters");
        }
        String agent = String.valueOf(req.getAttribute(ApiFilter.PRINCIPAL));
        JdbcAttachmentStore.Upload upload;
        try (InputStream body = new DeadlineInputStream(req.getInputStream(), deadline)) {
            upload = store.upload(ticket.id(), ticket.channel(), name, type.isEmpty() ? Optional.empty()
                    : Optional.of(type), agent, body, maxBytes);
        } catch (UploadRefusedException e) {
            throw new ProblemException(e.status(), e.status() == 413 ? "Content Too Large"
                    : e.status() == 408 ? "Request Timeout" : "Unsupported Media Type", e.getMessage(), null,
                    e.status() == 413 ? Map.of("maxBytes", maxBytes) : Map.of());
        } catch (IOException e) {
            LOG.info("Upload to ticket {} by {} did not arrive: {}", ticket.id(), agent, e.toString());
            throw new ProblemException(400, "Bad Request", "the file did not arrive completely (" + e.getClass()
                    .getSimpleName() + "); nothing was kept");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attachmentId", upload.id());
        body.put("name", upload.name());
        body.put("mediaType", upload.mediaType());
        body.put("size", upload.size());
        body.put("sha256", upload.sha256());
        body.put("url", "/api/attachments/" + upload.id());
        resp.setHeader("Location", "/api/attachments/" + upload.id());
        ApiJson.send(json, resp, 201, body);
    }

    static String nameParameter(String query) {
        String name = "";
        if (query == null || query.isEmpty()) {
            return name;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals),
                    java.nio.charset.StandardCharsets.UTF_8);
            if (!key.equals("name")) {
                throw ProblemException.badRequest("unknown query parameter '" + key + "'; the file's name is ?name=");
            }
            name = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        return name;
    }

    /** A body that must arrive in full within a deadline: a client trickling bytes cannot hold a thread for long. */
    private static final class DeadlineInputStream extends java.io.FilterInputStream {
        private final long endNanos;
        private final Duration deadline;

        DeadlineInputStream(InputStream in, Duration deadline) {
            super(in);
            this.deadline = deadline;
            this.endNanos = System.nanoTime() + deadline.toNanos();
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }

        private void check() {
            if (System.nanoTime() - endNanos > 0) {
                throw new UploadRefusedException(408, "the file did not arrive within " + deadline.toSeconds()
                        + " seconds; nothing was kept");
            }
        }
    }
}
