package dev.parley.agent.console.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The console's one HTTP client to Parley's own public REST API (Apache HttpClient 5, from the
 * http-client bundle): every call a signed-in agent's page makes goes through here with their token,
 * so the host's role policy, validation and audit apply to the console exactly as to any other
 * client, and the console adds no power of its own. The client is built at the first call (an agent
 * signing in), not at boot: building one sets up TLS, which a console nobody opened does not need.
 * Calls run on the caller's thread; a pooled connection per call in flight, live streams included.
 */
@Component(service = HostApi.class, configurationPid = ConsoleConfig.PID)
public final class HostApi {

    /** What {@code GET /api/me} said about a token: its name and role, or the status it was refused with. */
    record Identity(int status, String name, String role) {
        boolean valid() {
            return status == 200;
        }
    }

    /**
     * The host's answer: status, headers (lower-case names, first value) and the body as it comes.
     * Closing it before the body's end (a stream the browser left) cuts the connection: closing the
     * response alone would read an endless stream on. A body read to its end has already given its
     * connection back to the pool, and the cut does nothing.
     */
    static final class Answer implements Closeable {
        private final HttpUriRequestBase request;
        private final ClassicHttpResponse response;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final InputStream body;

        private Answer(HttpUriRequestBase request, ClassicHttpResponse response) throws IOException {
            this.request = request;
            this.response = response;
            for (Header h : response.getHeaders()) {
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            this.body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
        }

        int status() {
            return response.getCode();
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        Map<String, String> headers() {
            return headers;
        }

        InputStream body() {
            return body;
        }

        @Override
        public void close() throws IOException {
            request.cancel();
            try {
                response.close();
            } catch (IOException cut) {
                // the connection was cut above: nothing is left to release
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private CloseableHttpClient client;
    private boolean closed;
    private volatile ConsoleConfig config;
    private volatile Optional<URI> configured;

    @Activate
    public HostApi(ConsoleConfig config) {
        modified(config);
    }

    /** The client, built at its first use; one pooled connection per call in flight, up to the session limit. */
    synchronized CloseableHttpClient client() {
        if (closed) {
            throw new IllegalStateException("the console's HTTP client is closed");
        }
        if (client == null) {
            int connections = Math.max(16, config.maxSessions());
            client = HttpClients.custom()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setMaxConnTotal(connections).setMaxConnPerRoute(connections)
                            .setDefaultConnectionConfig(ConnectionConfig.custom()
                                    .setConnectTimeout(Timeout.ofSeconds(5)).build())
                            .build())
                    .setDefaultRequestConfig(RequestConfig.custom()
                            .setConnectionRequestTimeout(Timeout.ofSeconds(10)).build())
                    .disableAutomaticRetries() // a write is sent once; the agent retries
                    .disableRedirectHandling()
                    .disableCookieManagement()
                    .disableContentCompression() // passed on to the browser as the host sent it
                    .build();
        }
        return client;
    }

    /** Whether a call has been made (and so the client built). */
    synchronized boolean started() {
        return client != null;
    }

    @Modified
    void modified(ConsoleConfig changed) {
        config = changed;
        String base = changed.apiBaseUrl().strip();
        configured = base.isEmpty() ? Optional.empty() : Optional.of(URI.create(base.replaceAll("/+$", "")));
    }

    @Deactivate
    void deactivate() {
        CloseableHttpClient built;
        synchronized (this) {
            closed = true;
            built = client;
        }
        if (built != null) {
            built.close(CloseMode.IMMEDIATE); // live streams end with the console
        }
    }

    /** Where this request's calls go: the configured base, else the local address and port it arrived on. */
    URI base(HttpServletRequest request) {
        return configured.orElseGet(() -> {
            String host = request.getLocalAddr();
            if (host.contains(":")) {
                host = "[" + host.replaceAll("%.*$", "") + "]";
            }
            return URI.create("http://" + host + ":" + request.getLocalPort());
        });
    }

    Identity whoAmI(URI base, String token) throws IOException {
        try (Answer answer = send(base, "GET", "/api/me", token, Map.of(), null, Duration.ofSeconds(10))) {
            if (answer.status() != 200) {
                return new Identity(answer.status(), null, null);
            }
            JsonNode me = JSON.readTree(answer.body());
            return new Identity(200, me.path("name").asText(), me.path("role").asText());
        }
    }

    /**
     * One call to the host's API as the token's owner; the caller reads the body and closes the
     * answer (a stream such as {@code /api/sla/stream} is read as it comes). {@code timeout} bounds
     * each wait for the host: for the headers, and between two reads of the body (a live stream's
     * heartbeats come more often). Throws {@link IllegalArgumentException} for a target that is not a URI.
     */
    Answer send(URI base, String method, String pathAndQuery, String token, Map<String, String> headers, byte[] body,
            Duration timeout) throws IOException {
        HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(base + pathAndQuery));
        request.addHeader("Authorization", "Bearer " + token);
        headers.forEach(request::addHeader);
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, null)); // the caller's Content-Type header stands
        }
        return execute(request, RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
    }

    /** {@code request} with this per-call configuration; the answer is open until closed. */
    Answer execute(HttpUriRequestBase request, RequestConfig perCall) throws IOException {
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(perCall);
        try {
            return new Answer(request, client().executeOpen(RoutingSupport.determineHost(request), request, context));
        } catch (HttpException e) {
            throw new IOException("the request to " + request.getRequestUri() + " could not be sent: " + e.getMessage(), e);
        }
    }
}
