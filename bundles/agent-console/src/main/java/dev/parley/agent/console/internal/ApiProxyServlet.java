package dev.parley.agent.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /agent/api/*}: the public REST API ({@code /api/*}) for the console's page, same-origin.
 * With the console's session cookie the call goes out with the agent's token (a write also needs the
 * session's CSRF header); without one, a request's own {@code Authorization} header is passed on as
 * it is. Either way the host decides: its role policy answers a widget token's write with 403 here as
 * on {@code /api}. A 401 from the host for a session's token (revoked) ends the session. Streams
 * ({@code /api/sla/stream}) are passed through as they come. An agent's file ({@code POST
 * /agent/api/tickets/{id}/attachments}) is not held in memory: {@link ConsoleUploads}.
 */
@Component(service = Servlet.class, configurationPid = ConsoleConfig.PID)
@HttpWhiteboardServletPattern("/agent/api/*")
public final class ApiProxyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiProxyServlet.class);
    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE");
    private static final List<String> PASSED_BACK = List.of("Content-Type", "Content-Disposition",
            "X-Content-Type-Options", "Content-Security-Policy", "Cache-Control", "X-Request-Id", "Retry-After", "Allow");
    private static final int MAX_BODY = 1024 * 1024;

    private final transient Sessions sessions;
    private final transient HostApi host;
    private final transient UploadForwarder uploads;

    private volatile ConsoleConfig config;

    @Activate
    public ApiProxyServlet(@Reference Sessions sessions, @Reference HostApi host, ConsoleConfig config) {
        this.sessions = sessions;
        this.host = host;
        this.uploads = new UploadForwarder(host);
        this.config = config;
    }

    @Modified
    void modified(ConsoleConfig changed) {
        config = changed;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!METHODS.contains(method)) {
            Problems.write(req, resp, 405, "Method Not Allowed", method + " is not supported", Map.of());
            return;
        }
        Optional<ConsoleSession> session = sessions.find(req);
        String token;
        URI api;
        if (session.isPresent()) {
            if (!READS.contains(method) && !Sessions.csrfMatches(session.get(), req)) {
                SessionServlet.csrfRefused(req, resp);
                return;
            }
            token = session.get().token;
            api = session.get().api;
        } else if (Sessions.hasCookie(req)) {
            // the page's session ended: its components send a placeholder Authorization that must not pass
            Problems.signInAgain(req, resp);
            return;
        } else {
            String header = req.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                Problems.signInAgain(req, resp);
                return;
            }
            token = header.substring(7).strip();
            api = host.base(req);
        }
        if (ConsoleUploads.isUpload(method, req.getPathInfo())) {
            upload(req, resp, session, api, token);
            return;
        }
        byte[] body = null;
        if (!READS.contains(method)) {
            body = req.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                Problems.write(req, resp, 413, "Content Too Large", "at most " + MAX_BODY + " bytes", Map.of());
                return;
            }
        }
        Map<String, String> headers = new HashMap<>();
        copy(req, "Content-Type", headers);
        copy(req, "Accept", headers);
        String target = "/api" + Optional.ofNullable(req.getPathInfo()).orElse("")
                + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        HostApi.Answer answer;
        try {
            answer = host.send(api, method, target, token, headers, body, Duration.ofSeconds(60));
        } catch (IllegalArgumentException e) {
            // a character the URI grammar refuses (Jetty lets some through in a query): the caller's mistake
            Problems.write(req, resp, 400, "Bad Request", "the path or query is not a valid URI", Map.of());
            return;
        } catch (IOException | IllegalStateException e) { // IllegalStateException: the console is stopping
            LOG.warn("Console call {} {} did not reach the REST API: {}", method, target, e.toString());
            Problems.write(req, resp, 502, "Bad Gateway", "Parley's REST API did not answer; try again shortly",
                    Map.of());
            return;
        }
        try (answer) {
            passBack(answer.status(), answer::header, session, resp);
            relay(answer, resp);
        }
    }

    /** An agent's file: spooled with the configured bound, then sent on (see {@link ConsoleUploads}). */
    private void upload(HttpServletRequest req, HttpServletResponse resp, Optional<ConsoleSession> session, URI api,
            String token) throws IOException {
        if (session.isEmpty()) {
            // a bare bearer token is checked before a byte is spooled: anyone can send a made-up one
            HostApi.Identity identity;
            try {
                identity = host.whoAmI(api, token);
            } catch (IOException e) {
                Problems.write(req, resp, 502, "Bad Gateway", "Parley's REST API did not answer; try again shortly",
                        Map.of());
                return;
            }
            if (!identity.valid() || !identity.role().equals("agent") && !identity.role().equals("admin")) {
                if (identity.valid()) {
                    Problems.write(req, resp, 403, "Forbidden", "uploading a file needs the 'agent' role; the token '"
                            + identity.name() + "' has the '" + identity.role() + "' role",
                            Map.of("requiredRole", "agent", "role", identity.role()));
                } else {
                    Problems.write(req, resp, identity.status() == 401 ? 401 : 502, identity.status() == 401
                            ? "Unauthorized" : "Bad Gateway", "the bearer token is not valid", Map.of());
                }
                return;
            }
        }
        ConsoleConfig limits = config;
        java.nio.file.Path file = ConsoleUploads.spool(req, resp, limits.maxUploadBytes(),
                Duration.ofSeconds(limits.uploadTimeoutSeconds()));
        if (file == null) {
            return;
        }
        try {
            Map<String, String> headers = new HashMap<>();
            copy(req, "Content-Type", headers);
            headers.put("Accept", "application/json");
            String target = "/api" + req.getPathInfo() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
            UploadForwarder.Answer answer;
            try {
                answer = uploads.send(api, target, token, headers, file, Duration.ofSeconds(120));
            } catch (IllegalArgumentException e) {
                Problems.write(req, resp, 400, "Bad Request", "the path or query is not a valid URI", Map.of());
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Console upload {} did not reach the REST API: {}", target, e.toString());
                Problems.write(req, resp, 502, "Bad Gateway", "Parley's REST API did not take the file; try again",
                        Map.of());
                return;
            }
            passBack(answer.status(), answer::header, session, resp);
            resp.getOutputStream().write(answer.body());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    /**
     * The host's status and the headers the page may see, its {@code Location} under /agent; a 401 for
     * a session's token (revoked) ends the session.
     */
    private void passBack(int status, Function<String, Optional<String>> header, Optional<ConsoleSession> session,
            HttpServletResponse resp) {
        if (status == 401 && session.isPresent()) {
            sessions.end(session.get());
        }
        resp.setStatus(status);
        for (String name : PASSED_BACK) {
            header.apply(name).ifPresent(v -> resp.setHeader(name, v));
        }
        header.apply("Location").ifPresent(v -> resp.setHeader("Location", v.startsWith("/api/") ? "/agent" + v : v));
    }

    /** The host's body, as it comes: a stream's events are flushed one by one. */
    private static void relay(HostApi.Answer answer, HttpServletResponse resp) throws IOException {
        boolean stream = answer.header("Content-Type").orElse("").startsWith("text/event-stream");
        InputStream in = answer.body();
        OutputStream out = resp.getOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0;) {
            out.write(buffer, 0, n);
            if (stream) {
                out.flush(); // an event waits for nobody
            }
        }
    }

    private static void copy(HttpServletRequest req, String name, Map<String, String> headers) {
        String value = req.getHeader(name);
        if (value != null) {
            headers.put(name, value);
        }
    }
}
