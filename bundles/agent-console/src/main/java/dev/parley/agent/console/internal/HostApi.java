package dev.parley.agent.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The console's one HTTP client to Parley's own public REST API: every call a signed-in agent's page
 * makes goes through here with their token, so the host's role policy, validation and audit apply to
 * the console exactly as to any other client, and the console adds no power of its own. The client
 * is built at the first call (an agent signing in), not at boot: building one sets up TLS, which a
 * console nobody opened does not need; it and its threads live as long as the component.
 */
@Component(service = HostApi.class, configurationPid = ConsoleConfig.PID)
public final class HostApi {

    /** What {@code GET /api/me} said about a token: its name and role, or the status it was refused with. */
    record Identity(int status, String name, String role) {
        boolean valid() {
            return status == 200;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ExecutorService threads;
    private HttpClient client;
    private volatile Optional<URI> configured;

    @Activate
    public HostApi(ConsoleConfig config) {
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "parley-console-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        modified(config);
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().executor(threads).version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        }
        return client;
    }

    /** Whether a call has been made (and so the client built). */
    synchronized boolean started() {
        return client != null;
    }

    @Modified
    void modified(ConsoleConfig config) {
        String base = config.apiBaseUrl().strip();
        configured = base.isEmpty() ? Optional.empty() : Optional.of(URI.create(base.replaceAll("/+$", "")));
    }

    @Deactivate
    void deactivate() {
        threads.shutdownNow();
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
        HttpResponse<InputStream> answer = send(base, "GET", "/api/me", token, Map.of(), null, Duration.ofSeconds(10));
        try (InputStream body = answer.body()) {
            if (answer.statusCode() != 200) {
                return new Identity(answer.statusCode(), null, null);
            }
            JsonNode me = JSON.readTree(body);
            return new Identity(200, me.path("name").asText(), me.path("role").asText());
        }
    }

    /**
     * One call to the host's API as the token's owner; the caller reads and closes the body (a stream
     * such as {@code /api/sla/stream} is read as it comes). {@code timeout} bounds the wait for the
     * headers, not a stream's life.
     */
    HttpResponse<InputStream> send(URI base, String method, String pathAndQuery, String token,
            Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + pathAndQuery, e);
        }
    }
}
