package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.TicketService;

/**
 * Under a stream of signed webhooks, the social connector, the escalation engine and the SLA
 * bundle are updated to a new version one after another through {@code /api/plugins}: every
 * inbound message lands once (the sender redelivers what was refused, as platforms do), and no
 * escalation rule nor SLA step fires twice for one trigger.
 */
@RunWith(PaxExam.class)
public class PluginUpdateUnderLoadIT extends ParleyTestSupport {

    private static final int MESSAGES = 300;

    @Inject
    private TicketService tickets;

    @Test
    public void updatingEachPluginUnderLoadLosesNothingAndRepeatsNothing() throws Exception {
        ApiClient api = api();
        List<Event> seen = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] {"parley/sla/WARNING", "parley/sla/BREACHED",
            "parley/sla/STEP", "parley/escalation/*"});
        ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, seen::add, topics);
        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        hooks.awaitVerified("the webhook endpoint", "/webhooks/x/" + SignedWebhooks.X_ACCOUNT + "?crc_token=ready", Duration.ofSeconds(30));

        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger redelivered = new AtomicInteger();
        Thread platform = new Thread(() -> {
            for (int i = 0; i < MESSAGES; i++) {
                String body = SignedWebhooks.xDirectMessage("load-" + run + "-" + i, Long.toString(780_000_000L + i % 30),
                        "load" + (i % 30), "message " + i + ": where is my order?");
                while (hooks.postX(body).statusCode() != 200) { // refused during an update: X redelivers
                    redelivered.incrementAndGet();
                    pause(100);
                }
                sent.incrementAndGet();
                pause(15);
            }
        }, "test-platform");
        platform.start();
        update(api, sent, 50, "social", "dev.parley.social-connector");
        update(api, sent, 150, "escalation", "dev.parley.escalation");
        update(api, sent, 250, "sla", "dev.parley.sla");
        platform.join(180_000);
        assertEquals("the platform delivered everything", MESSAGES, sent.get());

        Await.condition("every message on a ticket", Duration.ofSeconds(60), () -> {
            for (int i = 0; i < MESSAGES; i++) {
                if (tickets.findMessage("x", "load-" + run + "-" + i).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
        Set<Long> ticketIds = new HashSet<>();
        for (int i = 0; i < MESSAGES; i++) {
            ticketIds.add(tickets.findMessage("x", "load-" + run + "-" + i).orElseThrow().ticketId());
        }
        int stored = 0;
        Set<String> fired = new HashSet<>();
        for (long id : ticketIds) {
            stored += (int) tickets.get(id).orElseThrow().messages().stream()
                    .filter(m -> m.externalId().orElse("").startsWith("load-" + run)).count();
            for (JsonNode entry : api.get("/api/tickets/" + id + "/escalations").json().path("escalations")) {
                String key = entry.path("trigger").asText() + " " + entry.path("rule").asText();
                assertTrue("rule fired twice for one trigger: " + key, fired.add(key));
            }
        }
        assertEquals("each message once, none lost, none doubled (" + redelivered.get() + " redeliveries)", MESSAGES,
                stored);
        Set<String> events = new HashSet<>();
        for (Event e : seen) {
            String key = e.getTopic() + " " + e.getProperty("ticket.id") + " " + e.getProperty("sla.target") + " "
                    + e.getProperty("sla.cycle") + " " + e.getProperty("sla.elapsedPercent") + " " + e.getProperty("rule");
            assertTrue("event repeated: " + key, events.add(key));
        }
        listener.unregister();
    }

    /** Waits until {@code after} messages went out, then updates the bundle to a new version of itself. */
    private void update(ApiClient api, AtomicInteger sent, int after, String plugin, String symbolicName)
            throws IOException {
        Await.condition(after + " messages sent", Duration.ofSeconds(120), () -> sent.get() >= after);
        Bundle bundle = java.util.Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst().orElseThrow();
        Path next = home().resolve(symbolicName + "-0.1.1.jar");
        Jars.copyWithManifest(Path.of(URI.create(bundle.getLocation())), next,
                manifest -> manifest.putValue("Bundle-Version", "0.1.1"));
        ApiClient.Reply reply = api.post("/api/plugins/" + plugin + "/update", "{\"bundle\":\"" + symbolicName
                + "\",\"location\":\"" + next.toUri() + "\"}");
        assertEquals(reply.body(), 200, reply.status());
        assertEquals("0.1.1", bundle.getVersion().toString());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
