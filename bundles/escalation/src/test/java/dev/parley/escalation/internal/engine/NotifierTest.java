package dev.parley.escalation.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.parley.escalation.api.RuleAction;

/** Notify actions: an EventAdmin event on the topic, and a JSON POST to the webhook. */
class NotifierTest {

    @Test
    void postsTheEventAndCallsTheWebhook() throws Exception {
        List<Event> posted = new CopyOnWriteArrayList<>();
        EventAdmin events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        };
        CompletableFuture<String> body = new CompletableFuture<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            body.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URI hook = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            String where = new Notifier(events).send(new RuleAction.Notify(Optional.of("acme/escalation"),
                    Optional.of(hook), Optional.of("supervisors"), "ticket 7 breached"), 7, "sla-breached-escalate",
                    "ticket 7 breached");
            assertThat(where).contains("acme/escalation", "supervisors", "127.0.0.1");
            assertThat(posted).singleElement().satisfies(e -> {
                assertThat(e.getTopic()).isEqualTo("acme/escalation");
                assertThat(e.getProperty("ticket.id")).isEqualTo(7L);
                assertThat(e.getProperty("group")).isEqualTo("supervisors");
            });
            JsonNode json = new ObjectMapper().readTree(body.get(10, TimeUnit.SECONDS));
            assertThat(json.get("rule").asText()).isEqualTo("sla-breached-escalate");
            assertThat(json.get("message").asText()).isEqualTo("ticket 7 breached");
        } finally {
            server.stop(0);
        }
    }
}
