package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An acknowledged webhook survives {@code kill -9}: the webhook endpoint answers 200 once the
 * delivery is committed to the inbox in the database (H2 here), while the ticket writes follow
 * later. The runtime is killed right after the last 200, and after a restart every acknowledged
 * event is a ticket message, once.
 */
public class InboundCrashIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final int EVENTS = 400;
    private static final int CONVERSATIONS = 40;

    @Test
    public void everyAcknowledgedWebhookBecomesOneTicketMessageAfterAKill() throws Exception {
        int port = RuntimeLayout.freePort();
        Path home = RuntimeLayout.newWorkDir("inbound-crash-");
        String run = Long.toString(System.currentTimeMillis(), 36);
        // events the killed processor had claimed wait for their lease to end: a short one keeps the test short
        Files.createDirectories(home.resolve("etc"));
        RuntimeLayout.writeConfig(home.resolve("etc/dev.parley.social.processor.cfg"), "leaseSeconds=5\n");
        List<Integer> statuses = new ArrayList<>();
        try (ParleyProcess parley = ParleyProcess.start(home, port, "--sandbox")) {
            parley.awaitReady(BOOT);
            Await.condition("the sandbox X account", Duration.ofSeconds(30),
                    () -> parley.api().get("/api/social/accounts/sandbox-x").status() == 200);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<Integer>> sent = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    int index = i;
                    sent.add(CompletableFuture.supplyAsync(() -> post(http, port, run, index), senders));
                }
                for (CompletableFuture<Integer> f : sent) {
                    statuses.add(f.join());
                }
            } finally {
                senders.shutdown();
            }
            parley.kill(); // right after the last 200: the newest acks are only in the inbox, not on tickets yet
        }
        assertTrue("every webhook acknowledged: " + statuses, statuses.stream().allMatch(s -> s == 200));

        try (ParleyProcess parley = ParleyProcess.start(home, port, "--sandbox")) {
            parley.awaitReady(BOOT);
            ApiClient api = parley.api();
            Map<String, Integer> copies;
            try {
                copies = Await.until("every acknowledged event on a ticket", Duration.ofSeconds(60), () -> {
                    Map<String, Integer> found = messagesOfRun(api, run);
                    return found.size() >= EVENTS ? found : null;
                });
            } catch (AssertionError timedOut) {
                throw new AssertionError(diagnosis(api, parley, run), timedOut);
            }
            assertEquals(EVENTS, copies.size());
            assertTrue("each event stored once: " + copies, copies.values().stream().allMatch(n -> n == 1));
            JsonNode inbox = api.get("/api/social/inbox").json();
            assertEquals(inbox.toString(), 0, inbox.path("parked").asInt());
        }
    }

    private static int post(HttpClient http, int port, String run, int index) {
        String sender = Long.toString(3_100_000_000L + index % CONVERSATIONS);
        String body = "{\"for_user_id\":\"1000000001\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"id\":\"crash-" + run + "-" + index + "\",\"created_timestamp\":\"" + System.currentTimeMillis()
                + "\",\"message_create\":{\"target\":{\"recipient_id\":\"1000000001\"},\"sender_id\":\"" + sender
                + "\",\"message_data\":{\"text\":\"Crash test " + index + "\"}}}],\"users\":{\"" + sender
                + "\":{\"id\":\"" + sender + "\",\"screen_name\":\"c" + sender + "\",\"name\":\"C " + sender + "\"}}}";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("sandbox-x-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/x/sandbox-x"))
                    .header("Content-Type", "application/json")
                    .header("x-twitter-webhooks-signature", "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(bytes)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a failure report needs: the events missing, the inbox's counts and the runtime's warnings. */
    private static String diagnosis(ApiClient api, ParleyProcess parley, String run) {
        StringBuilder report = new StringBuilder();
        Path home = parley.home();
        try {
            Map<String, Integer> found = messagesOfRun(api, run);
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                if (!found.containsKey("crash-" + run + "-" + i)) {
                    missing.add(i);
                }
            }
            report.append(missing.size()).append(" events missing: ").append(missing).append('\n');
            report.append("inbox: ").append(api.get("/api/social/inbox").json()).append('\n');
        } catch (RuntimeException e) {
            report.append("no API answer: ").append(e).append('\n');
        }
        try (Stream<String> lines = Files.lines(home.resolve("log/parley.log"))) {
            lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Journaling"))
                    .limit(200).forEach(l -> report.append(l).append('\n'));
        } catch (IOException | UncheckedIOException e) {
            report.append("no log: ").append(e).append('\n');
        }
        report.append("threads: ").append(parley.threadDump()).append('\n');
        return report.toString();
    }

    /** How many times each event of this run is on a ticket. */
    private static Map<String, Integer> messagesOfRun(ApiClient api, String run) {
        Map<String, Integer> copies = new HashMap<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/tickets?channel=x&limit=200" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            for (JsonNode ticket : page.path("tickets")) {
                for (JsonNode message : ticket.path("messages")) {
                    String id = message.path("externalId").asText("");
                    if (id.startsWith("crash-" + run + "-")) {
                        copies.merge(id, 1, Integer::sum);
                    }
                }
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
        } while (cursor != null);
        return copies;
    }
}
