package dev.parley.helpdesk.core.internal.rest;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.api.http.TicketResource;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Guards every servlet under /api, the host's and the plugins': bearer-token auth, the request
 * body limit, and problem+json for whatever a servlet throws. The authenticated principal is the
 * request attribute {@link #PRINCIPAL}.
 */
// async-capable so that streaming servlets under /api (Server-Sent Events) can go asynchronous behind it
@Component(service = Filter.class, configurationPid = AuthConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "osgi.http.whiteboard.filter.asyncSupported=true")
@HttpWhiteboardFilterPattern("/api/*")
@Designate(ocd = AuthConfig.class)
public final class ApiFilter implements Filter {

    public static final String PRINCIPAL = TicketResource.PRINCIPAL;
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final AccessTokens tokens;
    private final int maxBodyBytes;
    private final Problems problems = new Problems(ApiJson.newMapper());

    @Activate
    public ApiFilter(AuthConfig config, BundleContext context) {
        this(AccessTokens.load(config.tokens(), adminTokenFile(context.getProperty("parley.home"))),
                config.maxBodyBytes());
    }

    ApiFilter(AccessTokens tokens, int maxBodyBytes) {
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    static Path adminTokenFile(String home) {
        return Path.of(home == null || home.isBlank() ? "parley-home" : home, "etc", "admin.token");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String instance = request.getRequestURI();
        try {
            String principal = authenticate(request);
            request.setAttribute(PRINCIPAL, principal);
            HttpServletRequest forward = METHODS_WITH_BODY.contains(request.getMethod()) ? buffered(request) : request;
            chain.doFilter(forward, response);
        } catch (ServletException e) {
            Throwable cause = e.getRootCause() != null ? e.getRootCause() : e;
            problems.write(response, problems.translate(cause, request.getMethod() + " " + instance), instance);
        } catch (RuntimeException | IOException e) {
            problems.write(response, problems.translate(e, request.getMethod() + " " + instance), instance);
        }
    }

    private String authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw unauthorized("this API needs 'Authorization: Bearer <token>'; the admin token is in <home>/etc/admin.token");
        }
        Optional<String> principal = tokens.principal(header.substring(7).strip());
        return principal.orElseThrow(() -> unauthorized("the bearer token is not valid"));
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
    }

    private HttpServletRequest buffered(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            discardBody(request);
            throw tooLarge(declared);
        }
        String type = request.getContentType();
        if (type != null && !type.toLowerCase().contains("json")) {
            throw new ProblemException(415, "Unsupported Media Type",
                    "send the body as application/json, not " + type);
        }
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            discardBody(request);
            throw tooLarge(-1);
        }
        return new BufferedRequest(request, body);
    }

    /**
     * Reads and drops what is left of an oversized body (up to a bound), so a client still writing
     * it reads the 413 problem instead of a broken pipe; beyond the bound the connection just closes.
     */
    private void discardBody(HttpServletRequest request) throws IOException {
        long left = 16L * maxBodyBytes;
        var in = request.getInputStream();
        while (left > 0 && in.skip(Math.min(left, 64 * 1024)) > 0) {
            left -= 64 * 1024;
        }
    }

    private ProblemException tooLarge(long declared) {
        String size = declared > 0 ? declared + " bytes" : "more than " + maxBodyBytes + " bytes";
        return new ProblemException(413, "Content Too Large",
                "the request body is " + size + "; at most " + maxBodyBytes + " bytes are accepted");
    }

    /** The request with its body already read, so a servlet can parse it as often as it likes. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream();
        }

        private ServletInputStream stream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(stream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
