package dev.parley.social.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.delivery.WebhookDelivery;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;

/** The whole sandbox against a stand-in connector on a real socket. */
class SocialSandboxTest {

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer connector = startConnector();
    private final SocialSandbox sandbox = new SocialSandbox(config(Map.of()),
            URI.create("http://127.0.0.1:" + connector.getAddress().getPort()), Clock.systemUTC());

    record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {
    }

    @AfterEach
    void stop() {
        sandbox.close();
        connector.stop(0);
    }

    @Test
    void aCustomerPostReachesTheConnectorSignedAndTheDeliveryIsRecorded() throws Exception {
        var posted = sandbox.post(new CustomerPost("x", "sandbox-x", "dm", null, "jane", null, null, null, "hi ✨",
                null, null));
        List<WebhookDelivery> deliveries = posted.deliveries().get();

        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
            assertThat(d.status()).contains(200);
        });
        Received request = received.get(0);
        assertThat(request.uri()).isEqualTo("/webhooks/x/sandbox-x");
        assertThat(request.headers().get("X-twitter-webhooks-signature"))
                .containsExactly(WebhookSignatures.x("sandbox-x-secret", request.body()));
        assertThat(request.headers().get("Content-type")).singleElement().asString().startsWith("application/json");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("hi ✨");
        assertThat(sandbox.deliveries().list(java.util.Optional.of(posted.id()))).hasSize(1);
    }

    @Test
    void subscriptionHandshakesAreCheckedAgainstTheConnector() throws IOException {
        assertThat(sandbox.checkWebhook(Platform.X)).containsEntry("ok", true);
        assertThat(sandbox.checkWebhook(Platform.META)).containsEntry("ok", true).containsEntry("wrongTokenStatus", 403);
    }

    @Test
    void anAccountTheSandboxDoesNotPlayIsABadField() {
        assertThatThrownBy(() -> sandbox.post(new CustomerPost("meta", "other", "dm", null, null, null, null, null,
                "hi", null, null))).isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("account"));
    }

    @Test
    void theWebhookBaseDefaultsToTheFrameworkHttpPort() {
        assertThat(SocialSandbox.webhookBase("http://127.0.0.1:" + SandboxConfig.PORT_PLACEHOLDER, "9090"))
                .hasToString("http://127.0.0.1:9090");
        assertThat(SocialSandbox.webhookBase("http://127.0.0.1:" + SandboxConfig.PORT_PLACEHOLDER, null))
                .hasToString("http://127.0.0.1:8080");
    }

    @Test
    void aBurstDeliversEveryGeneratedMessage() {
        List<WebhookDelivery> done = sandbox.burst(Platform.META, 40).join();
        assertThat(done).hasSize(40).allMatch(d -> d.state() == WebhookDelivery.State.DELIVERED);
        assertThat(received).hasSize(40).allMatch(r -> r.uri().equals("/webhooks/meta/sandbox-meta"));
    }

    @Test
    void severalPagesAndUsersOfOneAppPostToItsOneUrlWithTheirOwnIdsAndActByTheirTokens() throws Exception {
        SocialSandbox app = new SocialSandbox(config(Map.of("xMoreUsers", new String[] {"1000000002:acme_eu:x-token-2"},
                "metaMorePages", new String[] {"2000000002:Acme EU:meta-token-2"})),
                URI.create("http://127.0.0.1:" + connector.getAddress().getPort()), Clock.systemUTC());
        try {
            app.post(new CustomerPost("meta", null, "dm", "555", "jane", null, null, null, "hi EU", null, null,
                    "2000000002", null, null, null)).deliveries().get();
            app.post(new CustomerPost("x", null, "dm", "777", "joe", null, null, null, "hi EU", null, null,
                    "1000000002", null, null, null)).deliveries().get();
            assertThat(received).extracting(Received::uri)
                    .containsExactly("/webhooks/meta/sandbox-meta", "/webhooks/x/sandbox-x");
            String meta = new String(received.get(0).body(), StandardCharsets.UTF_8);
            assertThat(meta).contains("\"id\":\"2000000002\"").doesNotContain("2000000001");
            assertThat(received.get(0).headers().get("X-hub-signature-256"))
                    .containsExactly(WebhookSignatures.meta("sandbox-meta-secret", received.get(0).body()));
            assertThat(new String(received.get(1).body(), StandardCharsets.UTF_8))
                    .contains("\"for_user_id\":\"1000000002\"");

            ApiRequest send = ApiRequest.of("POST", "/v23.0/2000000002/messages", Map.of(),
                    Map.of("authorization", "Bearer meta-token-2"),
                    "{\"recipient\":{\"id\":\"555\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"hello\"}}");
            assertThat(app.callApi(Platform.META, send).response().status()).isEqualTo(200);
            ApiRequest other = ApiRequest.of("POST", "/v23.0/2000000001/messages", Map.of(),
                    Map.of("authorization", "Bearer some-other-token"),
                    "{\"recipient\":{\"id\":\"555\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"hello\"}}");
            app.callApi(Platform.META, other);
            assertThat(app.sent().list(java.util.Optional.of(Platform.META))).extracting(r -> r.actingAs().orElse("-"))
                    .containsExactly("2000000002", "-");

            assertThatThrownBy(() -> app.post(new CustomerPost("x", null, "dm", null, "joe", null, null, null, "hi",
                    null, null, "1000000009", null, null, null))).isInstanceOfSatisfying(InvalidFieldException.class,
                            e -> assertThat(e.field()).isEqualTo("to"));
        } finally {
            app.close();
        }
    }

    /** A connector that accepts every webhook and answers the handshakes with the default secrets. */
    private HttpServer startConnector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/webhooks/", this::answer);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String query = exchange.getRequestURI().getRawQuery();
        byte[] answer = new byte[0];
        int status = 200;
        if (exchange.getRequestMethod().equals("GET") && query != null && query.contains("crc_token=")) {
            String token = query.replaceAll(".*crc_token=([^&]+).*", "$1");
            answer = ("{\"response_token\":\"" + WebhookSignatures.xCrcResponseToken("sandbox-x-secret", token) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (exchange.getRequestMethod().equals("GET") && query != null) {
            boolean tokenOk = query.contains("hub.verify_token=sandbox-verify");
            status = tokenOk ? 200 : 403;
            answer = tokenOk ? query.replaceAll(".*hub.challenge=([^&]+).*", "$1").getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
        } else {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
        }
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    /** The configuration annotation with its defaults, some overridden. */
    static SandboxConfig config(Map<String, Object> overrides) {
        return (SandboxConfig) Proxy.newProxyInstance(SandboxConfig.class.getClassLoader(),
                new Class<?>[] {SandboxConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> SandboxConfig.class;
                    case "toString" -> "SandboxConfig" + overrides;
                    case "hashCode" -> overrides.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
