package dev.parley.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client of an event stream ({@code GET /api/sla/stream}, the console's) that records every event it receives, on its own thread. */
public final class SlaEventStream implements AutoCloseable {

    /** One Server-Sent Event: its name and its data line. */
    public record SseEvent(String name, String data) {
        public boolean isFor(long ticketId) {
            return data.contains("\"ticketId\":" + ticketId + ",");
        }
    }

    private final List<SseEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private final InputStream body;

    private SlaEventStream(InputStream body) {
        this.body = body;
        Thread reader = new Thread(this::read, "sla-event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    public static SlaEventStream open(int port, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sla/stream"))
                .header("Authorization", "Bearer " + token).build();
        try {
            HttpResponse<InputStream> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /api/sla/stream answered " + response.statusCode());
            }
            return new SlaEventStream(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the SLA stream: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The agent console's stream, {@code GET /agent/events}, of a session signed in with {@code token}
     * ({@code POST /agent/session}); its {@code ticket} events carry the host's ticket events.
     */
    public static SlaEventStream console(int port, String token) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/agent/session")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = session.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError(
                    "POST /agent/session answered " + session.statusCode() + " without a cookie: " + session.body()))
                    .split(";", 2)[0];
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/agent/events")).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /agent/events answered " + response.statusCode());
            }
            return new SlaEventStream(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the console's stream: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<SseEvent> events() {
        return List.copyOf(events);
    }

    /** How many events named {@code name} arrived for {@code ticketId}. */
    public long count(String name, long ticketId) {
        return events.stream().filter(e -> e.name().equals(name) && e.isFor(ticketId)).count();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            for (String line; (line = lines.readLine()) != null;) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    events.add(new SseEvent(name, line.substring(5).strip()));
                } else if (line.isEmpty()) {
                    name = "message";
                }
            }
        } catch (IOException closed) {
            // closed by the test or the server stopped
        } finally {
            ended = true;
        }
    }

    /** Whether the server (or the test) ended the stream. */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
