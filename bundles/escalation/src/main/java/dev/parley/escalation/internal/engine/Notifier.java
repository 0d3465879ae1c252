package dev.parley.escalation.internal.engine;

import java.util.HashMap;
import java.util.Map;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
 * client this component owns (Apache HttpClient 5 async, embedded, pooled, with connect and
 * response timeouts; closed with the component). Webhook failures are logged; they never hold up
 * rule processing.
 */
@Component(service = Notifier.class)
public final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventAdmin events;
    private volatile CloseableHttpAsyncClient http;

    @Activate
    public Notifier(@Reference EventAdmin events) {
        this.events = events;
    }

    /** Created on the first webhook: most installations never use one, so they never start its threads. */
    private CloseableHttpAsyncClient http() {
        CloseableHttpAsyncClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    CloseableHttpAsyncClient created = HttpAsyncClients.custom()
                            .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                                            .setConnectTimeout(Timeout.ofSeconds(5)).build())
                                    .setMaxConnTotal(8).build())
                            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(10)).build())
                            .disableCookieManagement().setUserAgent("Parley-Escalation").build();
                    created.start();
                    http = created;
                }
                client = http;
            }
        }
        return client;
    }

    @Deactivate
    void close() {
        CloseableHttpAsyncClient client = http;
        if (client != null) {
            client.close(CloseMode.GRACEFUL);
        }
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
                SimpleHttpRequest request = SimpleRequestBuilder.post(uri)
                        .setBody(JSON.writeValueAsString(props), ContentType.APPLICATION_JSON).build();
                http().execute(request, new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        if (response.getCode() >= 300) {
                            failed("HTTP " + response.getCode());
                        }
                    }

                    @Override
                    public void failed(Exception error) {
                        failed(error.toString());
                    }

                    @Override
                    public void cancelled() {
                        failed("cancelled");
                    }

                    private void failed(String why) {
                        LOG.warn("escalation webhook {} for ticket {} (rule {}) failed: {}", uri.getHost(), ticketId, rule,
                                why);
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
