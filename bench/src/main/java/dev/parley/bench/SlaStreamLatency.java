package dev.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Event to live-view latency against a running parley.jar: an agent's first reply is posted to a
 * ticket over REST, and the clock resolves when a client of {@code GET /api/sla/stream} (what the
 * widget reads) receives the {@code changed} event showing that ticket's first reply MET. One reply
 * at a time, or paced at {@code --rate} per second; each on its own ticket, so every sample is a real
 * clock change. Percentiles from HdrHistogram.
 * Usage: SlaStreamLatency --url http://127.0.0.1:8080 --token-file parley-home/etc/admin.token [--events 500] [--rate 100]
 */
public final class SlaStreamLatency {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String url = o.getOrDefault("url", "http://127.0.0.1:8080");
        String token = Files.readString(Path.of(o.getOrDefault("token-file", "parley-home/etc/admin.token"))).strip();
        int events = Integer.parseInt(o.getOrDefault("events", "500"));
        double rate = Double.parseDouble(o.getOrDefault("rate", "0"));

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

        if (rate <= 0) {
            oneAtATime(url, token, tickets, waiting);
        } else {
            paced(url, token, tickets, waiting, rate);
        }
        System.exit(0);
    }

    private static void oneAtATime(String url, String token, long[] tickets, Map<Long, CompletableFuture<Long>> waiting)
            throws Exception {
        Histogram toAck = histogram();
        Histogram toEvent = histogram();
        for (long ticket : tickets) {
            CompletableFuture<Long> arrival = new CompletableFuture<>();
            waiting.put(ticket, arrival);
            long start = System.nanoTime();
            reply(url, token, ticket);
            toAck.recordValue(micros(System.nanoTime() - start));
            toEvent.recordValue(micros(arrival.get(30, TimeUnit.SECONDS) - start));
        }
        System.out.printf("%d replies, one at a time: POST ack %s; POST sent -> SSE 'changed' received %s%n",
                tickets.length, summary(toAck), summary(toEvent));
    }

    /**
     * Replies at a steady {@code rate} per second, each sent at its scheduled time by a pool of posters
     * (so a slow answer does not delay the next, and a late one counts from its schedule). Reported:
     * POST ack, and ack -> SSE event (the event cannot leave before the commit the 201 follows, so
     * this bounds commit -> client from above; 0 when the event came first).
     */
    private static void paced(String url, String token, long[] tickets, Map<Long, CompletableFuture<Long>> waiting,
            double rate) throws Exception {
        Histogram toAck = histogram();
        Histogram ackToEvent = histogram();
        Histogram scheduleToEvent = histogram();
        ExecutorService posters = Executors.newFixedThreadPool(16);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < tickets.length; i++) {
            long ticket = tickets[i];
            long due = begin + (long) (i * 1e9 / rate);
            CompletableFuture<Long> arrival = new CompletableFuture<>();
            waiting.put(ticket, arrival);
            for (long wait; (wait = due - System.nanoTime()) > 0;) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    reply(url, token, ticket);
                    long acked = System.nanoTime();
                    long arrived = arrival.get(30, TimeUnit.SECONDS);
                    synchronized (toAck) {
                        toAck.recordValue(micros(acked - due));
                        ackToEvent.recordValue(micros(Math.max(0, arrived - acked)));
                        scheduleToEvent.recordValue(micros(arrived - due));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, posters));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        posters.shutdown();
        System.out.printf("%d replies at %.0f/s (16 posters): POST ack %s; POST ack -> SSE 'changed' received %s; "
                + "scheduled -> received %s%n", tickets.length, rate, summary(toAck), summary(ackToEvent),
                summary(scheduleToEvent));
    }

    private static void reply(String url, String token, long ticket) throws IOException, InterruptedException {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(url + "/api/tickets/" + ticket
                + "/messages")), token, "{\"text\":\"on it\",\"visibility\":\"PUBLIC\"}");
        if (reply.statusCode() != 201) {
            throw new IllegalStateException("reply answered " + reply.statusCode() + ": " + reply.body());
        }
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
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

    private static String summary(Histogram micros) {
        return String.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(90) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                micros.getMaxValue() / 1000.0);
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
