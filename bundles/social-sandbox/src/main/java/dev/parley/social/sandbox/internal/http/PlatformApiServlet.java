package dev.parley.social.sandbox.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.sandbox.internal.SocialSandbox;
import dev.parley.social.sandbox.internal.api.ApiGateway;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.ApiResponse;
import dev.parley.social.sandbox.internal.wire.Platform;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves a simulated platform API under its mount point, so a connector's {@code apiBaseUrl} of
 * {@code http://host:port/sandbox/x} reaches {@code /2/tweets} as on X. A delay fault parks the
 * request asynchronously instead of holding a server thread.
 */
abstract class PlatformApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Large enough for uploads of the sizes tests use (the platforms take up to 100 MB; the sandbox keeps them in memory). */
    static final int MAX_BODY = 20 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(PlatformApiServlet.class);

    private final transient SocialSandbox sandbox;
    private final Platform platform;

    PlatformApiServlet(SocialSandbox sandbox, Platform platform) {
        this.sandbox = sandbox;
        this.platform = platform;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = readBody(req);
        if (body == null) {
            resp.sendError(413);
            return;
        }
        ApiRequest request = new ApiRequest(req.getMethod(), req.getPathInfo() == null ? "/" : req.getPathInfo(),
                query(req.getQueryString()), headers(req), body, req.getRequestURL()
                        + (req.getQueryString() == null ? "" : "?" + req.getQueryString()));
        ApiGateway.Answer answer = sandbox.callApi(platform, request);
        if (answer.hold().isPresent()) {
            hold(req, answer);
            return;
        }
        LOG.debug("{} {} {} -> {}", platform.key(), request.method(), request.path(), answer.response().status());
        if (answer.delayMs() <= 0) {
            write(resp, answer.response());
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(answer.delayMs() + 60_000);
        sandbox.later(() -> {
            try {
                write((HttpServletResponse) async.getResponse(), answer.response());
            } catch (IOException | IllegalStateException e) {
                LOG.debug("Delayed {} response not written: {}", platform.key(), e.toString());
            } finally {
                async.complete();
            }
        }, answer.delayMs());
    }

    /**
     * A long poll: parked asynchronously (no server thread waits) until the platform has news or the
     * poll's timeout passes, then answered as the platform answers then.
     */
    private void hold(HttpServletRequest req, ApiGateway.Answer answer) {
        dev.parley.social.sandbox.internal.api.PlatformApi.Hold hold = answer.hold().orElseThrow();
        AsyncContext async = req.startAsync();
        async.setTimeout(hold.timeoutMillis() + 60_000);
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable respond = () -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                write((HttpServletResponse) async.getResponse(), answer.later().get());
            } catch (IOException | IllegalStateException e) {
                LOG.debug("Held {} response not written: {}", platform.key(), e.toString());
            } finally {
                async.complete();
            }
        };
        hold.news().whenComplete((v, e) -> sandbox.later(respond, 0));
        sandbox.later(respond, hold.timeoutMillis());
    }

    private static void write(HttpServletResponse resp, ApiResponse response) throws IOException {
        resp.setStatus(response.status());
        response.headers().forEach(resp::setHeader);
        resp.setContentLength(response.body().length);
        resp.getOutputStream().write(response.body());
    }

    private static byte[] readBody(HttpServletRequest req) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            return body.length > MAX_BODY ? null : body;
        }
    }

    /** The query string as sent, without the container reading form bodies as parameters. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static Map<String, String> headers(HttpServletRequest req) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), req.getHeader(name));
        }
        return headers;
    }
}
