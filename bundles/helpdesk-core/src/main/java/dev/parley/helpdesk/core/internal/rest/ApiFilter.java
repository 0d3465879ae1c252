package dev.parley.helpdesk.core.internal.rest;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.api.http.TicketResource;
import dev.parley.helpdesk.core.internal.auth.AccessPolicy;
import dev.parley.helpdesk.core.internal.auth.Caller;
import dev.parley.helpdesk.core.internal.auth.Role;
import dev.parley.helpdesk.core.internal.auth.TokenStore;
import dev.parley.helpdesk.core.internal.store.StoreException;
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
 * Guards every servlet under /api, the host's and the plugins': bearer-token auth, the caller's
 * role checked against the {@link AccessPolicy} (403 when it falls short), the request body limit,
 * and problem+json for whatever a servlet throws. The authenticated principal (the token's name)
 * is the request attribute {@link #PRINCIPAL}, its role {@link #ROLE}.
 */
// async-capable so that streaming servlets under /api (Server-Sent Events) can go asynchronous behind it
@Component(service = Filter.class, configurationPid = AuthConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "osgi.http.whiteboard.filter.asyncSupported=true")
@HttpWhiteboardFilterPattern("/api/*")
@Designate(ocd = AuthConfig.class)
public final class ApiFilter implements Filter {

    public static final String PRINCIPAL = TicketResource.PRINCIPAL;
    /** Request attribute: the caller's {@link Role} id. */
    public static final String ROLE = "parley.role";
    private static final Logger LOG = LoggerFactory.getLogger(ApiFilter.class);
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    /** Settings that change together when the configuration does, without the filter ever leaving /api unguarded. */
    private record Settings(AccessTokens tokens, AccessPolicy policy) {
    }

    private final Path adminTokenFile;
    private volatile Settings settings;
    private volatile int maxBodyBytes;
    private final Problems problems = new Problems(ApiJson.newMapper());

    // optional and dynamic: without the database the configured and admin-file tokens still work
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TokenStore store;

    @Activate
    public ApiFilter(AuthConfig config, BundleContext context) {
        this(adminTokenFile(context.getProperty("parley.home")), config);
    }

    private ApiFilter(Path adminTokenFile, AuthConfig config) {
        this.adminTokenFile = adminTokenFile;
        modified(config);
    }

    ApiFilter(AccessTokens tokens, AccessPolicy policy, TokenStore store, int maxBodyBytes) {
        this.adminTokenFile = null;
        this.settings = new Settings(tokens, policy);
        this.maxBodyBytes = maxBodyBytes;
        this.store = store;
    }

    /** A changed configuration applies in place: deactivating would leave /api without its guard for a moment. */
    @Modified
    void modified(AuthConfig config) {
        settings = new Settings(AccessTokens.load(config.tokens(), adminTokenFile), new AccessPolicy(grants(config.grants())));
        maxBodyBytes = config.maxBodyBytes();
    }

    /** Grants from configuration: array entries, each possibly several separated by ';' (a .cfg file gives one string). */
    static List<AccessPolicy.Grant> grants(String[] entries) {
        List<AccessPolicy.Grant> grants = new ArrayList<>();
        for (String entry : Arrays.stream(entries).filter(Objects::nonNull).flatMap(e -> Arrays.stream(e.split(";")))
                .toList()) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                grants.add(AccessPolicy.Grant.parse(entry));
            } catch (IllegalArgumentException e) {
                // the filter must come up whatever the configuration says: a bad grant opens nothing
                LOG.warn("Ignoring the API grant '{}': {}", entry.strip(), e.getMessage());
            }
        }
        return grants;
    }

    static Path adminTokenFile(String home) {
        return Path.of(home == null || home.isBlank() ? "parley-home" : home, "etc", "admin.token");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String instance = request.getRequestURI();
        Settings current = settings;
        try {
            Caller caller = authenticate(request, current.tokens());
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            Optional<ProblemException> refusal = current.policy().refusal(caller, request.getMethod(), path);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
            request.setAttribute(PRINCIPAL, caller.name());
            request.setAttribute(ROLE, caller.role().id());
            HttpServletRequest forward = METHODS_WITH_BODY.contains(request.getMethod())
                    ? buffered(request) : request;
            chain.doFilter(forward, response);
        } catch (ServletException e) {
            Throwable cause = e.getRootCause() != null ? e.getRootCause() : e;
            problems.write(response, problems.translate(cause, request.getMethod() + " " + instance), instance);
        } catch (RuntimeException | IOException e) {
            problems.write(response, problems.translate(e, request.getMethod() + " " + instance), instance);
        }
    }

    private Caller authenticate(HttpServletRequest request, AccessTokens tokens) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw unauthorized("this API needs 'Authorization: Bearer <token>'; the admin token is in "
                    + "<home>/etc/admin.token, and an admin creates others with POST /api/tokens");
        }
        String token = header.substring(7).strip();
        Optional<Caller> configured = tokens.caller(token);
        if (configured.isPresent()) {
            return configured.get();
        }
        TokenStore database = store;
        if (database == null) {
            throw new ProblemException(503, "Service Unavailable", "the token store is not available (is the "
                    + "database up?); the admin token in <home>/etc/admin.token still works");
        }
        Optional<Caller> stored;
        try {
            stored = database.authenticate(token);
        } catch (StoreException e) {
            LOG.warn("Cannot check an API token: {}", e.getMessage());
            throw new ProblemException(503, "Service Unavailable", "the token store is not available right now; "
                    + "retry shortly");
        }
        return stored.orElseThrow(() -> unauthorized("the bearer token is not valid (unknown or revoked)"));
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
