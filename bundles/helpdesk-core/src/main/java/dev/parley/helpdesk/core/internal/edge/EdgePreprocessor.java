package dev.parley.helpdesk.core.internal.edge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.helpdesk.core.internal.attachments.UploadPaths;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The first thing every request meets, before a servlet is even chosen (a whiteboard
 * {@link Preprocessor}): gives it a request id ({@code X-Request-Id}, and the request attribute
 * {@link #REQUEST_ID}), refuses a query string with a malformed %-escape (400), caps the requests
 * one address may have in progress on the unauthenticated paths (429), and collects a request
 * body without blocking a thread before any servlet runs (see {@link BodyCollector}), except an agent's
 * file ({@link UploadPaths}), which its endpoint streams to disk after checking the caller.
 */
@Component(service = Preprocessor.class, configurationPid = EdgeConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class EdgePreprocessor implements Preprocessor {

    public static final String REQUEST_ID = "dev.parley.requestId";
    private static final Logger LOG = LoggerFactory.getLogger(EdgePreprocessor.class);

    private final EdgeConfig config;
    private final AddressLimiter limiter;
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    private final AtomicLong sequence = new AtomicLong();

    @Activate
    public EdgePreprocessor(EdgeConfig config) {
        this.config = config;
        this.limiter = new AddressLimiter(config.maxConcurrentPerAddress());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String id = idPrefix + "-" + sequence.incrementAndGet();
        request.setAttribute(REQUEST_ID, id);
        response.setHeader(EdgeResponses.REQUEST_ID_HEADER, id);
        String path = request.getRequestURI();
        boolean streamed = UploadPaths.streamed(request.getMethod(), path);
        if (streamed) {
            // its endpoints may refuse the file before reading it, and then Jetty closes the connection
            // after the answer: saying so keeps a client from sending its next request down a closed one
            response.setHeader("Connection", "close");
        }
        if (!wellEscaped(request.getQueryString())) {
            LOG.debug("Request {} {} {}: malformed query string", id, request.getMethod(), path);
            refuseUnread(request, response, 400, "the query string has a malformed %-escape or is not UTF-8",
                    path, id);
            return;
        }
        AddressLimiter.Permit permit = unauthenticated(path) ? limiter.acquire(request.getRemoteAddr())
                : AddressLimiter.UNLIMITED;
        if (permit == null) {
            LOG.debug("Request {} {} {} from {}: over {} concurrent requests", id, request.getMethod(), path,
                    request.getRemoteAddr(), config.maxConcurrentPerAddress());
            response.setHeader("Retry-After", "1");
            refuseUnread(request, response, 429, "this address already has " + config.maxConcurrentPerAddress()
                    + " requests in progress; retry when one has finished", path, id);
            return;
        }
        boolean handedOver = false;
        try {
            if (hasBody(request) && !streamed) {
                long declared = request.getContentLengthLong();
                if (declared > config.maxBodyBytes()) {
                    refuseUnread(request, response, 413, "the request body is " + declared + " bytes; at most "
                            + config.maxBodyBytes() + " are accepted", path, id);
                    return;
                }
                new BodyCollector(request, response, chain, permit, id, config.maxBodyBytes(), config.minRequestDataRate())
                        .start(config.bodyTimeoutMillis());
                handedOver = true;
                return;
            }
            chain.doFilter(request, response);
        } finally {
            if (!handedOver) {
                permit.release();
            }
        }
    }

    /** The paths anyone may call without a token, where one address must not take every thread. */
    static boolean unauthenticated(String path) {
        return path.startsWith("/webhooks/") || path.equals("/health") || path.equals("/sandbox")
                || path.startsWith("/sandbox/");
    }

    /** A refusal before the body is read: the connection cannot carry another request after it. */
    private static void refuseUnread(HttpServletRequest request, HttpServletResponse response, int status,
            String detail, String path, String id) throws IOException {
        if (hasBody(request)) {
            response.setHeader("Connection", "close");
        }
        EdgeResponses.problem(response, status, detail, path, id);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** Every %-escape is two hex digits and the decoded bytes are UTF-8 (what every endpoint here expects). */
    static boolean wellEscaped(String query) {
        if (query == null || query.indexOf('%') < 0) {
            return true;
        }
        ByteBuffer bytes = ByteBuffer.allocate(query.length() * 3);
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length()) {
                    return false;
                }
                int high = Character.digit(query.charAt(i + 1), 16);
                int low = Character.digit(query.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public void init(jakarta.servlet.FilterConfig filterConfig) {
        // nothing to set up: the configuration came with the constructor
    }

    @Override
    public void destroy() {
        // nothing held between requests except the per-address counts, which empty as requests end
    }
}
