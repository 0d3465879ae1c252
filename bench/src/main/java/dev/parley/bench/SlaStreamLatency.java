package dev.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Event to live-view latency against a running parley.jar: an agent's first reply is posted to a
 * ticket over REST, and the clock resolves when a client of {@code GET /api/sla/stream} (what the
 * widget reads) receives the {@code changed} event showing that ticket's first reply MET. One reply
 * at a time, each on its own ticket, so every sample is a real clock change.
 * Usage: SlaStreamLatency --url http://127.0.0.1:8080 --token-file parley-home/etc/admin.token [--events 500]
 */
public final class SlaStreamLatency {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String url = o.getOrDefault("url", "http://127.0.0.1:8080");
        String token = Files.readString(Path.of(o.getOrDefault("token-file", "parley-home/etc/admin.token"))).strip();
        int events = Integer.parseInt(o.getOrDefault("events", "500"));

        long[] tickets = new long[events];
        for (int i = 0; i < events; i++) {
            tickets[i] = created(send(HttpRequest.newBuilder(URI.create(url + "/api/tickets")), token,
                    "{\"subject\":\"Latency " + i + "\",\"channel\":\"web\",\"requester\":{\"email\":\"lat" + i
                            + "@customers.example\"},\"description\":\"hello\"}"));
        }
        Map<Long, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
        HttpResponse<Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/sla/stream"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("/api/sla/stream answered " + stream.statusCode());
        }
        Thread reader = new Thread(() -> read(stream.body(), waiting), "sla-stream-reader");
        reader.setDaemon(true);
        reader.start();

        long[] toEvent = new long[events];
        long[] toAck = new long[events];
        for (int i = 0; i < events; i++) {
            CompletableFuture<Long> arrival = new CompletableFuture<>();
            waiting.put(tickets[i], arrival);
            long start = System.nanoTime();
            HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(url + "/api/tickets/" + tickets[i]
                    + "/messages")), token, "{\"text\":\"on it\",\"visibility\":\"PUBLIC\"}");
            toAck[i] = System.nanoTime() - start;
            if (reply.statusCode() != 201) {
                throw new IllegalStateException("reply answered " + reply.statusCode() + ": " + reply.body());
            }
            toEvent[i] = arrival.get(30, TimeUnit.SECONDS) - start;
        }
        System.out.printf("%d replies, one at a time: POST ack %s; POST sent -> SSE 'changed' received %s%n", events,
                summary(toAck), summary(toEvent));
        System.exit(0);
    }

    private static void read(Stream<String> lines, Map<Long, CompletableFuture<Long>> waiting) {
        String[] event = {""};
        lines.forEach(line -> {
            if (line.startsWith("event:")) {
                event[0] = line.substring(6).strip();
            } else if (line.startsWith("data:") && event[0].equals("changed")) {
                long now = System.nanoTime();
                try {
                    JsonNode data = JSON.readTree(line.substring(5));
                    CompletableFuture<Long> f = waiting.get(data.path("ticketId").asLong());
                    if (f != null && "MET".equals(data.at("/targets/0/state").asText())) {
                        f.complete(now);
                    }
                } catch (IOException e) {
                    System.err.println("unreadable event: " + line);
                }
            }
        });
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token, String json)
            throws IOException, InterruptedException {
        return HTTP.send(request.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long created(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asLong();
    }

    private static String summary(long[] nanos) {
        long[] ms = Arrays.stream(nanos).map(n -> n / 1_000).sorted().toArray();
        return String.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", at(ms, 0.50), at(ms, 0.90),
                at(ms, 0.99), ms[ms.length - 1] / 1000.0);
    }

    private static double at(long[] sortedMicros, double quantile) {
        return sortedMicros[(int) Math.floor((sortedMicros.length - 1) * quantile)] / 1000.0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options look like --name value: " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    private SlaStreamLatency() {
    }
}
