package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Outbound load against a running Parley and its sandbox: opens DM conversations as sandbox
 * customers, posts agents' replies through {@code POST /api/tickets/{id}/messages} as fast as the
 * concurrency allows, and waits until the sandbox X API has accepted every one. Reports the REST
 * ack latency, the queue latency (reply stored → platform received it, both clocks of the same
 * server), throughput, and duplicates (a reply the platform accepted twice).
 */
public final class OutboundLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String url = o.getOrDefault("url", "http://127.0.0.1:8080");
        String token = Files.readString(Path.of(o.get("token-file"))).strip();
        int replies = Integer.parseInt(o.getOrDefault("replies", "2000"));
        int conversations = Integer.parseInt(o.getOrDefault("conversations", "50"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "16"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "0"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = Long.toString(System.currentTimeMillis(), 36);

        List<Long> tickets = openConversations(http, url, token, run, conversations);
        if (warmup > 0) {
            // the same work first, so the measured run is not the JIT's compile time
            System.out.print("warm-up: ");
            measure(http, url, token, tickets, run + "w", warmup, concurrency);
        }
        measure(http, url, token, tickets, run, replies, concurrency);
    }

    private static void measure(HttpClient http, String url, String token, List<Long> tickets, String run, int replies,
            int concurrency) throws Exception {
        // latency percentiles from HdrHistogram (3 significant digits), recorded from the HTTP client's threads
        org.HdrHistogram.ConcurrentHistogram ackMicros = new org.HdrHistogram.ConcurrentHistogram(3);
        Map<String, Instant> storedAt = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < replies; i++) {
            String text = "bench " + run + " reply " + i;
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/tickets/"
                    + tickets.get(i % tickets.size()) + "/messages")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\",\"visibility\":\"PRIVATE\"}"))
                    .build();
            inFlight.acquire();
            long sent = System.nanoTime();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                ackMicros.recordValue((System.nanoTime() - sent) / 1_000);
                if (e != null || r.statusCode() != 201) {
                    failures.incrementAndGet();
                } else {
                    try {
                        storedAt.put(text, Instant.parse(JSON.readTree(r.body()).get("createdAt").asText()));
                    } catch (Exception parse) {
                        failures.incrementAndGet();
                    }
                }
                inFlight.release();
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        Instant acked = Instant.now();

        Map<String, List<Instant>> received = awaitReceived(http, url, run, replies);
        Instant last = received.values().stream().flatMap(List::stream).max(Instant::compareTo).orElse(acked);
        org.HdrHistogram.Histogram queueMillis = new org.HdrHistogram.Histogram(3);
        received.entrySet().stream().filter(e -> storedAt.containsKey(e.getKey()))
                .mapToLong(e -> Math.max(0, Duration.between(storedAt.get(e.getKey()), e.getValue().get(0)).toMillis()))
                .forEach(queueMillis::recordValue);
        long duplicates = received.values().stream().filter(times -> times.size() > 1).count();
        double seconds = Duration.between(start, last).toMillis() / 1000.0;
        System.out.printf("replies %d over %d conversations, concurrency %d, failed posts %d, duplicates %d%n", replies,
                tickets.size(), concurrency, failures.get(), duplicates);
        System.out.printf("REST ack p50 %.1f ms, p99 %.1f ms%n", ackMicros.getValueAtPercentile(50) / 1e3,
                ackMicros.getValueAtPercentile(99) / 1e3);
        System.out.printf("queue latency (stored -> platform received) p50 %d ms, p99 %d ms, max %d ms (%d replies)%n",
                queueMillis.getValueAtPercentile(50), queueMillis.getValueAtPercentile(99), queueMillis.getMaxValue(),
                queueMillis.getTotalCount());
        System.out.printf("all posted in %.2f s; all delivered in %.2f s: %.0f replies/s%n",
                Duration.between(start, acked).toMillis() / 1000.0, seconds, replies / seconds);
    }

    /** Opens one DM conversation per sandbox customer and returns their tickets. */
    private static List<Long> openConversations(HttpClient http, String url, String token, String run, int count)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"platform\":\"x\",\"kind\":\"dm\",\"authorId\":\"" + (960_000_000L + i)
                    + "\",\"authorHandle\":\"bench" + i + "\",\"text\":\"bench " + run + " help " + i + "\"}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/sandbox/api/customer-posts?wait=true"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            ids.add(JSON.readTree(r.body()).get("id").asText());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Long> ticketOf = new HashMap<>();
            String cursor = null;
            do {
                JsonNode page = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/api/tickets?channel=x&limit=200"
                        + (cursor == null ? "" : "&cursor=" + cursor))).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : page.path("tickets")) {
                    for (JsonNode m : t.path("messages")) {
                        ticketOf.put(m.path("externalId").asText(""), t.get("id").asLong());
                    }
                }
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
            } while (cursor != null);
            if (ids.stream().allMatch(ticketOf::containsKey)) {
                return ids.stream().map(ticketOf::get).distinct().toList();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the sandbox conversations did not become tickets within 2 minutes");
    }

    /** When the sandbox accepted each reply of this run (several times would be a duplicate). */
    private static Map<String, List<Instant>> awaitReceived(HttpClient http, String url, String run, int replies)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            Map<String, List<Instant>> received = new HashMap<>();
            JsonNode sent = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/sandbox/api/sent?platform=x"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).path("sent");
            for (JsonNode call : sent) {
                String text = call.path("body").path("text").asText("");
                if (call.path("status").asInt() == 201 && text.startsWith("bench " + run + " reply ")) {
                    received.computeIfAbsent(text, t -> new ArrayList<>()).add(Instant.parse(call.get("at").asText()));
                }
            }
            if (received.size() >= replies || System.nanoTime() > deadline) {
                return received;
            }
            Thread.sleep(250);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!o.containsKey("token-file")) {
            throw new IllegalArgumentException("usage: OutboundLoad --url http://127.0.0.1:8080 --token-file <home>/etc/admin.token "
                    + "[--replies 2000] [--conversations 50] [--concurrency 16] [--warmup 0]");
        }
        return o;
    }
}
