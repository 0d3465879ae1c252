package dev.parley.agent.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class HostApiTest {

    private HttpServer server;
    private HostApi host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.deactivate();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    static ConsoleConfig defaults() {
        return (ConsoleConfig) Proxy.newProxyInstance(ConsoleConfig.class.getClassLoader(),
                new Class<?>[] {ConsoleConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> ConsoleConfig.class;
                    default -> method.getDefaultValue();
                });
    }

    @Test
    void theClientIsBuiltAtTheFirstCallAndAsksTheHostWhoTheTokenIs() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/me", exchange -> {
            boolean known = "Bearer prl_agent".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (known ? "{\"name\":\"Ann\",\"role\":\"agent\"}" : "{\"status\":401}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        host = new HostApi(defaults());
        assertThat(host.started()).isFalse(); // a console nobody opened sets up no HTTP client (nor TLS)
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        assertThat(host.whoAmI(base, "prl_agent")).isEqualTo(new HostApi.Identity(200, "Ann", "agent"));
        assertThat(host.whoAmI(base, "prl_other").status()).isEqualTo(401);
        assertThat(host.started()).isTrue();
    }

    @Test
    void aStreamTheBrowserLeftIsClosedNotReadToItsEnd() throws Exception {
        CountDownLatch hostSawTheEnd = new CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/sla/stream", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked, endless: heartbeats until the client goes
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(": beat\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException e) {
                hostSawTheEnd.countDown();
            }
        });
        server.start();
        host = new HostApi(defaults());
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        HostApi.Answer answer = host.send(base, "GET", "/api/sla/stream", "prl_agent", Map.of(), null,
                Duration.ofSeconds(5));
        assertThat(answer.header("content-type")).contains("text/event-stream");
        assertThat(answer.body().readNBytes(16)).isEqualTo(": beat\n\n: beat\n\n".getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        answer.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(hostSawTheEnd.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
