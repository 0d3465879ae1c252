package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drives signed X Account Activity webhooks (direct_message_events, X's real wire format) at a
 * running Parley over loopback and reports webhook ack latency (p50/p99) and sustained throughput
 * from the first send until the last message is committed as a ticket message (read back through
 * the REST API: the newest {@code updatedAt} once every message is there).
 *
 * <pre>
 * java -cp bench/target/bench.jar:... dev.parley.bench.WebhookLoad \
 *   --url http://127.0.0.1:8080 --account sandbox-x --secret sandbox-x-secret --for-user 1000000001 \
 *   --token-file parley-home/etc/admin.token --events 20000 --conversations 500 --concurrency 32
 * </pre>
 */
public final class WebhookLoad {

    private record Options(String url, String account, String secret, String forUser, String token, int events,
            int conversations, int concurrency) {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        long[] ackNanos = new long[o.events()];
        AtomicInteger failures = new AtomicInteger();
        Semaphore inFlight = new Semaphore(o.concurrency());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Instant firstSend = Instant.now();
        for (int i = 0; i < o.events(); i++) {
            int index = i;
            byte[] body = directMessage(o.forUser(), runId, index, o.conversations()).getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(o.url() + "/webhooks/x/" + o.account()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("x-twitter-webhooks-signature", sign(o.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            inFlight.acquire();
            long start = System.nanoTime();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                ackNanos[index] = System.nanoTime() - start;
                if (e != null || r.statusCode() / 100 != 2) {
                    failures.incrementAndGet();
                }
                inFlight.release();
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        Instant lastAck = Instant.now();
        Instant committed = awaitCommitted(http, o, runId);

        long[] sorted = ackNanos.clone();
        java.util.Arrays.sort(sorted);
        double seconds = Duration.between(firstSend, committed).toMillis() / 1000.0;
        System.out.printf("events %d (%d conversations, concurrency %d), failed acks %d%n", o.events(),
                o.conversations(), o.concurrency(), failures.get());
        System.out.printf("ack latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
        System.out.printf("acked in %.2f s (%.0f webhooks/s); all committed as ticket messages in %.2f s: %.0f events/s%n",
                Duration.between(firstSend, lastAck).toMillis() / 1000.0,
                o.events() / (Duration.between(firstSend, lastAck).toMillis() / 1000.0), seconds, o.events() / seconds);
    }

    /** Waits until every message of this run is on a ticket; returns the newest ticket update time. */
    private static Instant awaitCommitted(HttpClient http, Options o, String runId) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            int seen = 0;
            Instant newest = Instant.EPOCH;
            String cursor = null;
            do {
                String query = "/api/tickets?channel=x&limit=200" + (cursor == null ? "" : "&cursor=" + cursor);
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(o.url() + query))
                        .header("Authorization", "Bearer " + o.token()).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode root = json.readTree(page.body());
                for (JsonNode ticket : root.path("tickets")) {
                    for (JsonNode message : ticket.path("messages")) {
                        if (message.path("externalId").asText("").startsWith("dm-" + runId + "-")) {
                            seen++;
                            Instant at = Instant.parse(ticket.path("updatedAt").asText());
                            newest = at.isAfter(newest) ? at : newest;
                        }
                    }
                }
                cursor = root.path("nextCursor").isNull() ? null : root.path("nextCursor").asText(null);
            } while (cursor != null);
            if (seen >= o.events()) {
                return newest;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("not every event became a ticket message within 10 minutes");
    }

    static String directMessage(String forUser, String runId, int index, int conversations) {
        String sender = Long.toString(3_000_000_000L + index % conversations);
        return "{\"for_user_id\":\"" + forUser + "\",\"direct_message_events\":[{\"type\":\"message_create\","
                + "\"id\":\"dm-" + runId + "-" + index + "\",\"created_timestamp\":\"" + System.currentTimeMillis() + "\","
                + "\"message_create\":{\"target\":{\"recipient_id\":\"" + forUser + "\"},\"sender_id\":\"" + sender
                + "\",\"message_data\":{\"text\":\"Load message " + index + ": hello from the benchmark\"}}}],"
                + "\"users\":{\"" + sender + "\":{\"id\":\"" + sender + "\",\"screen_name\":\"load" + sender
                + "\",\"name\":\"Load " + sender + "\"}}}";
    }

    static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static Options parse(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080", account = "sandbox-x", secret = "sandbox-x-secret", forUser = "1000000001";
        String token = null;
        int events = 10_000, conversations = 500, concurrency = 32;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--url" -> url = v;
                case "--account" -> account = v;
                case "--secret" -> secret = v;
                case "--for-user" -> forUser = v;
                case "--token-file" -> token = Files.readString(Path.of(v)).strip();
                case "--events" -> events = Integer.parseInt(v);
                case "--conversations" -> conversations = Integer.parseInt(v);
                case "--concurrency" -> concurrency = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (token == null) {
            throw new IllegalArgumentException("--token-file is required (the home's etc/admin.token)");
        }
        return new Options(url, account, secret, forUser, token, events, conversations, concurrency);
    }

    private WebhookLoad() {
    }
}
