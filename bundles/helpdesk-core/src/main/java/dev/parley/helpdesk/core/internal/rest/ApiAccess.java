package dev.parley.helpdesk.core.internal.rest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.helpdesk.api.http.TicketResource;
import dev.parley.helpdesk.core.internal.attachments.UploadPaths;
import dev.parley.helpdesk.core.internal.auth.AccessPolicy;
import dev.parley.helpdesk.core.internal.auth.Caller;
import dev.parley.helpdesk.core.internal.auth.Role;
import dev.parley.helpdesk.core.internal.auth.TokenStore;
import dev.parley.helpdesk.core.internal.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The admission check of every {@code /api} request: the bearer token authenticated, the caller's
 * role checked against the {@link AccessPolicy} (403 when it falls short), then, for a request with
 * a body, the API's body limit (413) and a JSON content type (415), all before any servlet runs and
 * before the body is parsed. The body itself was collected by the HTTP edge beforehand, so only its
 * size is looked at here. The {@link ApiSecurityContext} runs it as the {@code parley.api} context's
 * {@code handleSecurity}; the {@link ApiFilter} runs it for servlets left in the default context.
 * Registered as a service by {@link AuthConfigurations} once the configuration is read; a changed
 * configuration applies in place, so {@code /api} is never unguarded while it changes.
 */
public final class ApiAccess {

    /** Request attribute: the authenticated principal (the token's name). */
    public static final String PRINCIPAL = TicketResource.PRINCIPAL;
    /** Request attribute: the caller's {@link Role} id. */
    public static final String ROLE = "parley.role";
    /** Request attribute: the {@link ApiAccess} that admitted the request (a client cannot set attributes). */
    private static final String ADMITTED_BY = ApiAccess.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger(ApiAccess.class);
    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    /** Settings that change together when the configuration does. */
    record Settings(AccessTokens tokens, AccessPolicy policy, int maxBodyBytes) {

        static Settings of(AuthConfig config, Path adminTokenFile) {
            return new Settings(AccessTokens.load(config.tokens(), adminTokenFile),
                    new AccessPolicy(grants(config.grants())), config.maxBodyBytes());
        }
    }

    private volatile Settings settings;
    private final Supplier<TokenStore> store;
    // built at the first refusal: a mapper loads some 300 Jackson classes, and the guard is made while
    // the bundle starts, on the thread that goes on to open the store, which boot waits for
    private volatile Problems problems;

    /** {@code store}: the database's token store, or null while there is none (a store being reconfigured). */
    ApiAccess(Settings settings, Supplier<TokenStore> store) {
        this.settings = settings;
        this.store = store;
    }

    void update(Settings changed) {
        settings = changed;
    }

    /** Whether this guard already admitted {@code request} (in the context's handleSecurity). */
    boolean admitted(HttpServletRequest request) {
        return request.getAttribute(ADMITTED_BY) == this;
    }

    /**
     * Admits the request (its principal and role become request attributes) or answers it with
     * the refusal as problem+json and returns false.
     */
    boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings current = settings;
        try {
            String header = request.getHeader("Authorization");
            Caller caller = authenticate(header, current.tokens());
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            Optional<ProblemException> refusal = current.policy().refusal(caller, request.getMethod(), path);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
            // an agent's file streams to its endpoint, which checks its own size limit and reads no JSON
            if (METHODS_WITH_BODY.contains(request.getMethod())
                    && !UploadPaths.streamed(request.getMethod(), path)) {
                checkBody(request, current.maxBodyBytes());
            }
            request.setAttribute(PRINCIPAL, caller.name());
            request.setAttribute(ROLE, caller.role().id());
            request.setAttribute(ADMITTED_BY, this);
            request.setAttribute(ApiContext.CREDENTIAL_VALID, (BooleanSupplier) () -> stillValid(header));
            return true;
        } catch (ProblemException refused) {
            problems().write(response, refused, request.getRequestURI());
            return false;
        }
    }

    /** Whether the token in {@code header} still authenticates (a revoked one does not; an unknown answer keeps it). */
    private boolean stillValid(String header) {
        try {
            authenticate(header, settings.tokens());
            return true;
        } catch (ProblemException e) {
            return e.status() != 401;
        }
    }

    private Caller authenticate(String header, AccessTokens tokens) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw unauthorized("this API needs 'Authorization: Bearer <token>'; the admin token is in "
                    + "<home>/etc/admin.token, and an admin creates others with POST /api/tokens");
        }
        String token = header.substring(7).strip();
        Optional<Caller> configured = tokens.caller(token);
        if (configured.isPresent()) {
            return configured.get();
        }
        TokenStore database = store.get();
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

    /**
     * The body is already in memory (the HTTP edge collected it, up to its own larger limit), so its
     * length is exact here and nothing is left to drain.
     */
    private static void checkBody(HttpServletRequest request, int maxBodyBytes) {
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            throw new ProblemException(413, "Content Too Large",
                    "the request body is " + length + " bytes; at most " + maxBodyBytes + " bytes are accepted");
        }
        String type = request.getContentType();
        if (type != null && !type.toLowerCase().contains("json")) {
            throw new ProblemException(415, "Unsupported Media Type", "send the body as application/json, not " + type);
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
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
                // the guard must come up whatever the configuration says: a bad grant opens nothing
                LOG.warn("Ignoring the API grant '{}': {}", entry.strip(), e.getMessage());
            }
        }
        return grants;
    }

    static Path adminTokenFile(String home) {
        return Path.of(home == null || home.isBlank() ? "parley-home" : home, "etc", "admin.token");
    }

    private Problems problems() {
        Problems built = problems;
        if (built == null) {
            synchronized (this) {
                if (problems == null) {
                    problems = new Problems(ApiJson.newMapper());
                }
                built = problems;
            }
        }
        return built;
    }
}
