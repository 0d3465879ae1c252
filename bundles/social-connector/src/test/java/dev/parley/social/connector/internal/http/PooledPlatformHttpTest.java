package dev.parley.social.connector.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.parley.social.api.PlatformHttp;

/** The shared client against a real socket. */
class PooledPlatformHttpTest {

    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer server;
    private PooledPlatformHttp http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        server.stop(0);
    }

    @Test
    void aServerErrorComesBackToTheCallerAtOnceAndIsNeverRetriedByTheClient() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"title\":\"Service Unavailable\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        http = new PooledPlatformHttp(config());
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/2/tweets";
        PlatformHttp.Reply reply = http.postJsonAsync(url, Map.of(), "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(503);
        // the outbox decides about retries (backoff, rate limits, lookups before a second post), not the client
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void theClientIsBuiltAtTheFirstRequestNotWithTheComponent() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        http = new PooledPlatformHttp(config());
        assertThat(http.started()).isFalse(); // no TLS set-up and no IO threads for a platform nobody uses
        PlatformHttp.Reply reply = http.getAsync("http://127.0.0.1:" + server.getAddress().getPort() + "/", Map.of())
                .get(10, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(204);
        assertThat(http.started()).isTrue();
        http.close();
        assertThatThrownBy(() -> http.getAsync("http://127.0.0.1:1/", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        http = null;
    }

    static HttpConfig config() {
        return (HttpConfig) Proxy.newProxyInstance(HttpConfig.class.getClassLoader(), new Class<?>[] {HttpConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> HttpConfig.class;
                    default -> method.getDefaultValue();
                });
    }
}
