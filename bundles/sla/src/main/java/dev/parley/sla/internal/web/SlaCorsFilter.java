package dev.parley.sla.internal.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * CORS for the embeddable widget: a helpdesk page on a configured origin may load {@code /sla/*}
 * (module scripts load in CORS mode) and call {@code /api/sla/*} with its bearer token, the event
 * stream included. A whiteboard {@link Preprocessor}, so it runs before the host's API context
 * authenticates: a browser's preflight carries no token and is answered here, and a refused token
 * (401, 403) still carries the CORS headers, so the page can read why. Ranked below the host's
 * edge preprocessor, which runs first. Other origins get no CORS headers (the browser then keeps
 * the response from the page) and a 403 on preflight. Paths other than {@code /sla/...} and
 * {@code /api/sla/...} pass untouched.
 */
@Component(service = Preprocessor.class, configurationPid = SlaWebConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=-1000")
@Designate(ocd = SlaWebConfig.class)
public final class SlaCorsFilter implements Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(SlaCorsFilter.class);
    static final String ALLOWED_HEADERS = "Authorization, Last-Event-ID";
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public SlaCorsFilter(SlaWebConfig config) {
        this.origins = parse(config.allowedOrigins());
    }

    /** Normalized {@code scheme://host[:port]} origins; entries that are not origins are logged and left out. */
    static Set<String> parse(String[] entries) {
        Set<String> parsed = new LinkedHashSet<>();
        // a .cfg file gives one string: "https://a.example, https://b.example" counts as two
        for (String entry : Arrays.stream(entries).flatMap(e -> Arrays.stream(e.split("[,\\s]+"))).toList()) {
            Optional<String> origin = normalize(entry.strip());
            if (origin.isPresent()) {
                parsed.add(origin.get());
            } else if (!entry.isBlank()) {
                LOG.warn("SLA widget: allowed origin '{}' is not scheme://host[:port]; it is ignored", entry);
            }
        }
        return Set.copyOf(parsed);
    }

    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String origin = request.getHeader("Origin");
        if (origin == null || !widgetPath(request.getRequestURI())) {
            chain.doFilter(req, res);
            return;
        }
        response.addHeader("Vary", "Origin");
        boolean allowed = normalize(origin).filter(origins::contains).isPresent();
        boolean preflight = "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            preflight(request, response, origin, allowed);
            return;
        }
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
        }
        chain.doFilter(req, res);
    }

    /** The widget's files and the SLA API, by the request's raw path (an encoded spelling simply gets no CORS). */
    static boolean widgetPath(String uri) {
        return uri != null && (uri.equals("/sla") || uri.startsWith("/sla/") || uri.startsWith("/api/sla/"))
                && !uri.contains("/..") && !uri.contains("%");
    }

    private void preflight(HttpServletRequest request, HttpServletResponse response, String origin, boolean allowed)
            throws IOException {
        String method = request.getHeader("Access-Control-Request-Method");
        if (!allowed || !"GET".equals(method)) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", "Forbidden");
            problem.put("status", 403);
            problem.put("detail", allowed ? "only GET is allowed across origins here, not " + method
                    : "origin " + origin + " may not use the SLA widget; add it to allowedOrigins in "
                            + SlaWebConfig.PID);
            problem.put("instance", request.getRequestURI());
            response.setStatus(403);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        response.setStatus(204);
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", "GET");
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
    }
}
