package dev.parley.agent.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

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

    private static ConsoleConfig defaults() {
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
}
