package dev.parley.bench;

import java.io.IOException;
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
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.HdrHistogram.Histogram;

/**
 * Drives signed X Account Activity webhooks (direct_message_events, X's real wire format) at a
 * running Parley over loopback and reports webhook ack latency (p50/p99) and sustained throughput
 * from the first send until the last message is committed as a ticket message (read back through
 * the REST API: the newest {@code updatedAt} once every message is there). Without {@code --rate}
 * it sends as fast as the server acks over {@code concurrency} connections (the saturated
 * throughput, where ack latency is mostly queueing); with it, it sends on a fixed schedule (open
 * loop), which gives the ack latency at that offered load. Webhooks go out through
 * {@link LoopbackPoster}, a bare keep-alive HTTP/1.1 client, because the generator shares the
 * server's two cores.
 *
 * <pre>
 * java -cp bench/target/bench.jar:... dev.parley.bench.WebhookLoad \
 *   --url http://127.0.0.1:8080[,http://127.0.0.1:8081...] --account sandbox-x --secret sandbox-x-secret --for-user 1000000001 \
 *   --token-file parley-home/etc/admin.token --events 20000 --conversations 500 --concurrency 32 [--rate 1000]
 *   [--slow-log slow.txt] [--platform x|messenger|whatsapp]
 * </pre>
 */
public final class WebhookLoad {

    private record Options(List<String> urls, String account, String secret, String forUser, String token, int events,
            int conversations, int concurrency, int rate, Path slowLog, Platform platform) {
    }

    /**
     * Whose webhooks: X DMs (the default), Messenger messages ({@code object: page}) or WhatsApp
     * messages ({@code object: whatsapp_business_account}), each in the platform's real shape and
     * signature, to the sandbox account of that platform.
     */
    enum Platform {
        X("x", "sandbox-x", "sandbox-x-secret", "1000000001", "x-twitter-webhooks-signature", "dm-"),
        MESSENGER("meta", "sandbox-meta", "sandbox-meta-secret", "2000000001", "X-Hub-Signature-256", "m-"),
        WHATSAPP("whatsapp", "sandbox-whatsapp", "sandbox-whatsapp-secret", "5000000001", "X-Hub-Signature-256",
                "wamid.");

        final String path;
        final String account;
        final String secret;
        final String id;
        final String header;
        final String idPrefix;

        Platform(String path, String account, String secret, String id, String header, String idPrefix) {
            this.path = path;
            this.account = account;
            this.secret = secret;
            this.id = id;
            this.header = header;
            this.idPrefix = idPrefix;
        }

        String channel() {
            return this == MESSENGER ? "messenger" : path;
        }

        String body(String forUser, String runId, int index, int conversations) {
            return switch (this) {
                case X -> directMessage(forUser, runId, index, conversations);
                case MESSENGER -> messengerMessage(forUser, runId, index, conversations);
                case WHATSAPP -> whatsAppMessage(forUser, runId, index, conversations);
            };
        }

        String sign(Mac mac, byte[] body) {
            byte[] digest = mac.doFinal(body);
            return this == X ? "sha256=" + Base64.getEncoder().encodeToString(digest)
                    : "sha256=" + java.util.HexFormat.of().formatHex(digest);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        if (o.urls().size() > 1) {
            System.out.printf("webhooks spread round robin over %d nodes: %s%n", o.urls().size(), String.join(" ", o.urls()));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Phase phase = send(o, runId, o.events(), o.rate());
        Instant firstSend = Instant.ofEpochMilli(phase.startEpochMillis());
        // only acknowledged events are owed: one refused under load (a 408 from the edge's data-rate check on a
        // starved generator, a 503) is counted as a failed ack, and waiting for it would wait out the deadline
        Instant committed = awaitCommitted(http, o, runId, o.events() - phase.failures());

        Histogram acks = new Histogram(3);
        for (long nanos : phase.ackNanos()) {
            acks.recordValue(Math.max(0, nanos));
        }
        double seconds = Duration.between(firstSend, committed).toMillis() / 1000.0;
        double ackSeconds = Duration.between(firstSend, phase.lastAck()).toMillis() / 1000.0;
        System.out.printf("events %d (%d conversations, %s), failed acks %d%n", o.events(), o.conversations(),
                o.rate() > 0 ? "paced at " + o.rate() + "/s" : "as fast as acked, " + o.concurrency() + " in flight",
                phase.failures());
        System.out.printf("ack latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", acks.getValueAtPercentile(50) / 1e6,
                acks.getValueAtPercentile(99) / 1e6, acks.getMaxValue() / 1e6);
        System.out.printf("acked in %.2f s (%.0f webhooks/s); all committed as ticket messages in %.2f s: %.0f events/s%n",
                ackSeconds, o.events() / ackSeconds, seconds, o.events() / seconds);
        SlowAcks.report(phase.startEpochMillis(), phase.dueNanos(), phase.ackNanos(), o.slowLog());
    }

    private record Phase(long startEpochMillis, long[] dueNanos, long[] ackNanos, int failures, Instant lastAck) {
    }

    /**
     * Sends {@code events} signed webhooks over {@code concurrency} keep-alive connections (with
     * several nodes, each of those holds one connection per node and event {@code i} goes to node
     * {@code i % nodes}: round robin, as a load balancer in front of them would). Paced
     * ({@code rate > 0}), each is sent at its scheduled time and its latency counts from that time,
     * so a server that falls behind shows it in the figures instead of slowing the sender down (no
     * coordinated omission); unpaced, each connection sends its next webhook as soon as the last is acked.
     */
    private static Phase send(Options o, String runId, int events, int rate) throws Exception {
        long[] ackNanos = new long[events];
        long[] dueNanos = new long[events];
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        String path = "/webhooks/" + o.platform().path + "/" + o.account();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(o.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        // bodies and signatures made before the clock starts: a fresh generator JVM building them on schedule
        // was still compiling its own code in the first ~0.2 s, and those late sends counted as slow acks
        byte[][] bodies = new byte[events][];
        String[] signatures = new String[events];
        for (int i = 0; i < events; i++) {
            bodies[i] = o.platform().body(o.forUser(), runId, i, o.conversations()).getBytes(StandardCharsets.UTF_8);
            signatures[i] = o.platform().sign(mac, bodies[i]);
        }
        List<LoopbackPoster[]> posters = new ArrayList<>();
        for (int c = 0; c < o.concurrency(); c++) {
            LoopbackPoster[] perNode = new LoopbackPoster[o.urls().size()];
            for (int n = 0; n < perNode.length; n++) {
                perNode[n] = new LoopbackPoster(URI.create(o.urls().get(n)));
                perNode[n].connectIfNeeded();
            }
            posters.add(perNode);
        }
        long startEpochMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        List<Thread> connections = new ArrayList<>();
        for (LoopbackPoster[] perNode : posters) {
            Thread connection = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        long due = rate > 0 ? startNanos + (long) (i * 1e9 / rate) : System.nanoTime();
                        if (rate > 0 && due - System.nanoTime() > 0) {
                            LockSupport.parkNanos(due - System.nanoTime());
                        }
                        int status;
                        try {
                            status = perNode[i % perNode.length].post(path, o.platform().header, signatures[i], bodies[i]);
                        } catch (IOException e) {
                            status = -1;
                        }
                        ackNanos[i] = System.nanoTime() - due;
                        dueNanos[i] = due - startNanos;
                        if (status / 100 != 2) {
                            failures.incrementAndGet();
                        }
                    }
                } finally {
                    for (LoopbackPoster poster : perNode) {
                        poster.close();
                    }
                }
            }, "webhook-connection-" + connections.size());
            connection.setDaemon(true);
            connection.start();
            connections.add(connection);
        }
        for (Thread t : connections) {
            t.join();
        }
        return new Phase(startEpochMillis, dueNanos, ackNanos, failures.get(), Instant.now());
    }

    /**
     * Waits until the inbox has nothing pending or in hand (a count, polled every second), then
     * checks through the ticket API that every message of this run is on a ticket (asking the first
     * node: several nodes share one database, so any of them sees every ticket); returns the
     * newest ticket update time, i.e. when the last message was committed.
     */
    private static Instant awaitCommitted(HttpClient http, Options o, String runId, int events) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode counts = json.readTree(get(http, o, "/api/social/inbox"));
            if (counts.path("pending").asLong() + counts.path("processing").asLong() > 0) {
                // the finish is read from the tickets, not from when this probe looks; and each probe counts
                // the whole inbox table (20-75 ms of PostgreSQL CPU once it holds some 20,000 rows), so not too often
                Thread.sleep(1000);
                continue;
            }
            int seen = 0;
            Instant newest = Instant.EPOCH;
            String cursor = null;
            do {
                JsonNode root = json.readTree(get(http, o, "/api/tickets?channel=" + o.platform().channel() + "&limit=200"
                        + (cursor == null ? "" : "&cursor=" + cursor)));
                for (JsonNode ticket : root.path("tickets")) {
                    for (JsonNode message : ticket.path("messages")) {
                        if (message.path("externalId").asText("").startsWith(o.platform().idPrefix + runId + "-")) {
                            seen++;
                            Instant at = Instant.parse(ticket.path("updatedAt").asText());
                            newest = at.isAfter(newest) ? at : newest;
                        }
                    }
                }
                cursor = root.path("nextCursor").isNull() ? null : root.path("nextCursor").asText(null);
            } while (cursor != null);
            if (seen >= events) {
                return newest;
            }
            Thread.sleep(1000); // acked events still arriving in the inbox count, or some failed: look again
        }
        throw new IllegalStateException("not every event became a ticket message within 10 minutes");
    }

    private static String get(HttpClient http, Options o, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(o.urls().get(0) + path)).header("Authorization", "Bearer " + o.token())
                .build(), HttpResponse.BodyHandlers.ofString()).body();
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

    /** A Messenger text from one of {@code conversations} customers to the Page {@code page}. */
    static String messengerMessage(String page, String runId, int index, int conversations) {
        String sender = Long.toString(7_000_000_000L + index % conversations);
        long now = System.currentTimeMillis();
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":" + now + ",\"messaging\":[{"
                + "\"sender\":{\"id\":\"" + sender + "\"},\"recipient\":{\"id\":\"" + page + "\"},\"timestamp\":" + now
                + ",\"message\":{\"mid\":\"m-" + runId + "-" + index + "\",\"text\":\"Load message " + index
                + ": hello from the benchmark\"}}]}]}";
    }

    /** A WhatsApp text from one of {@code conversations} customers to the number {@code phoneNumberId}. */
    static String whatsAppMessage(String phoneNumberId, String runId, int index, int conversations) {
        String waId = Long.toString(4_900_000_000L + index % conversations);
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"6000000001\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550100001\","
                + "\"phone_number_id\":\"" + phoneNumberId + "\"},\"contacts\":[{\"profile\":{\"name\":\"Load " + waId
                + "\"},\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":\"wamid." + runId + "-"
                + index + "\",\"timestamp\":\"" + System.currentTimeMillis() / 1000 + "\",\"type\":\"text\",\"text\":{"
                + "\"body\":\"Load message " + index + ": hello from the benchmark\"}}]},\"field\":\"messages\"}]}]}";
    }

    private static Options parse(String[] args) throws Exception {
        Platform platform = Platform.X;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--platform")) {
                platform = Platform.valueOf(args[i + 1].toUpperCase(java.util.Locale.ROOT));
            }
        }
        List<String> urls = List.of("http://127.0.0.1:8080");
        String account = platform.account, secret = platform.secret, forUser = platform.id;
        String token = null;
        int events = 10_000, conversations = 500, concurrency = 32, rate = 0;
        Path slowLog = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--url" -> urls = List.of(v.split(","));
                case "--account" -> account = v;
                case "--secret" -> secret = v;
                case "--for-user" -> forUser = v;
                case "--token-file" -> token = Files.readString(Path.of(v)).strip();
                case "--events" -> events = Integer.parseInt(v);
                case "--conversations" -> conversations = Integer.parseInt(v);
                case "--concurrency" -> concurrency = Integer.parseInt(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--slow-log" -> slowLog = Path.of(v);
                case "--platform" -> { } // read first: it sets the defaults above
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (token == null) {
            throw new IllegalArgumentException("--token-file is required (the home's etc/admin.token)");
        }
        return new Options(urls, account, secret, forUser, token, events, conversations, concurrency, rate,
                slowLog, platform);
    }

    private WebhookLoad() {
    }
}
