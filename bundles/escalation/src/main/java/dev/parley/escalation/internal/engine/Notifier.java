package dev.parley.escalation.internal.engine;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.escalation.api.RuleAction;

/**
 * Carries notify actions out: an EventAdmin event, and a JSON POST to a webhook on the one HTTP
 * client this component owns (the JDK's: asynchronous, pooled, nothing to embed; on Java 17 it
 * has no close(), its threads end once the component is gone). Webhook failures
 * are logged; they never hold up rule processing.
 */
@Component(service = Notifier.class)
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventAdmin events;
    private volatile HttpClient http;

    @Activate
    public Notifier(@Reference EventAdmin events) {
        this.events = events;
    }

    /** Created on the first webhook: most installations never use one, so they never start its threads. */
    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                }
                client = http;
            }
        }
        return client;
    }

    /** Returns a description of where the notification went, for the audit. */
    public String send(RuleAction.Notify notify, long ticketId, String rule, String text) {
        Map<String, Object> props = new HashMap<>();
        props.put("ticket.id", ticketId);
        props.put("rule", rule);
        props.put("message", text);
        notify.group().ifPresent(g -> props.put("group", g));
        String topic = notify.topic().orElse(RuleAction.Notify.DEFAULT_TOPIC);
        events.postEvent(new Event(topic, props));
        notify.webhook().ifPresent(uri -> {
            try {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(props))).build();
                http().sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    if (error != null || response.statusCode() >= 300) {
                        LOG.warn("escalation webhook {} for ticket {} (rule {}) failed: {}", uri.getHost(), ticketId, rule,
                                error != null ? error.toString() : "HTTP " + response.statusCode());
                    }
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        return topic + notify.group().map(g -> " (group " + g + ")").orElse("")
                + notify.webhook().map(w -> " and webhook " + w.getHost()).orElse("");
    }
}
