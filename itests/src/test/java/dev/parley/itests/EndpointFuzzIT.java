package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes every REST and webhook endpoint of the real {@code parley.jar} with requests grown from a
 * committed seed corpus ({@code src/test/resources/fuzz/corpus.tsv}) by jqwik: mangled paths,
 * %-escapes, numbers, dates, duplicate keys, lone surrogates, null and array bodies, wrong
 * content types and methods; webhooks are signed over the mangled body, so the parsers see it.
 * Whatever comes, the answer is never a 5xx and a 4xx is problem+json. Afterwards no ticket exists
 * that a refused request would have created, and no request thread is still busy. Bounded in time
 * ({@value #BUDGET_SECONDS} s of requests) for CI. Left out on purpose: plugin install/removal
 * (installs code, fetches URLs) and the sandbox's own control endpoints (a simulator, not the API).
 */
class EndpointFuzzIT {

    static final int BUDGET_SECONDS = 40;
    private static final Duration BOOT = Duration.ofSeconds(90);

    private static ParleyProcess parley;
    private static int port;
    private static String token;
    private static long ticket;
    private static long message;
    private static long deadline;
    private static final Set<Long> createdTickets = new HashSet<>();
    private static final AtomicInteger sent = new AtomicInteger();
    private static final AtomicInteger clientErrors = new AtomicInteger();
    private static final AtomicInteger serverErrors = new AtomicInteger();

    /** One seed request of the corpus. */
    record Seed(String method, String path, String contentType, String body) {
    }

    /** A request as sent: the seed after mutation. */
    record Case(String method, String path, String contentType, String body) {
        @Override
        public String toString() {
            return method + " " + path + " [" + contentType + "] " + body;
        }
    }

    @BeforeContainer
    static void startParley() {
        Path home = RuntimeLayout.newWorkDir("fuzz-");
        port = RuntimeLayout.freePort();
        parley = ParleyProcess.start(home, port, "--sandbox"); // the fuzz signs webhooks for the sandbox accounts
        parley.awaitReady(BOOT);
        ApiClient api = parley.api();
        token = ApiClient.adminToken(home);
        ApiClient.Reply created = api.post("/api/tickets",
                "{\"subject\":\"Fuzz fixture\",\"requester\":{\"email\":\"fuzz@example.com\"},\"description\":\"first\"}");
        ticket = created.json().path("id").asLong();
        message = created.json().path("messages").path(0).path("id").asLong();
        SignedWebhooks hooks = new SignedWebhooks(port);
        hooks.awaitVerified("the sandbox X account's webhook", "/webhooks/x/" + SignedWebhooks.X_ACCOUNT + "?crc_token=ready", Duration.ofSeconds(30));
        deadline = System.nanoTime() + Duration.ofSeconds(BUDGET_SECONDS).toNanos();
    }

    /** What the fuzzing left behind, checked once every property and example has run; then the runtime stops. */
    @AfterContainer
    static void nothingStoredFromRefusedRequestsAndNoThreadBusy() throws Exception {
        try {
            verifyAftermath();
        } finally {
            if (parley != null) {
                parley.close();
            }
        }
    }

    @Property(tries = 1_000_000, seed = "20261206", afterFailure = net.jqwik.api.AfterFailureMode.SAMPLE_FIRST)
    void noRequestIsAServerErrorAndRefusalsAreProblems(@ForAll("requests") Case request) throws IOException {
        if (System.nanoTime() > deadline) {
            return; // the time budget is spent: the remaining tries pass without a request
        }
        RawHttp.Answer answer = send(request);
        sent.incrementAndGet();
        if (answer.status() >= 500) {
            serverErrors.incrementAndGet();
        }
        assertTrue(request + " -> " + answer.status() + " " + answer.body(), answer.status() < 500);
        if (answer.status() >= 400) {
            clientErrors.incrementAndGet();
            assertTrue(request + " -> " + answer.status() + " " + answer.contentType() + " " + answer.body(),
                    answer.contentType().startsWith("application/problem+json"));
        }
        if (answer.status() == 201 && answer.contentType().startsWith("application/json")) {
            JsonNode created = Json.read(answer.body());
            if (created.has("subject")) { // a ticket, whichever spelling of the path created it
                synchronized (createdTickets) {
                    createdTickets.add(created.path("id").asLong());
                }
            }
        }
    }

    private static void verifyAftermath() throws Exception {
        ApiClient api = parley.api();
        String cursor = null;
        List<JsonNode> tickets = new ArrayList<>();
        do {
            JsonNode page = api.get("/api/tickets?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("tickets").forEach(tickets::add);
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        for (JsonNode t : tickets) {
            long id = t.path("id").asLong();
            String channel = t.path("channel").asText();
            boolean fromWebhook = !channel.equals("web") && t.path("messages").path(0).path("externalId").isTextual();
            assertTrue("ticket " + id + " (" + channel + ") was not created by an accepted request: " + t,
                    id == ticket || createdTickets.contains(id) || fromWebhook);
        }
        Await.condition("no HTTP worker thread still inside Parley's code", Duration.ofSeconds(15), () -> {
            try {
                String dump = Files.readString(parley.threadDump());
                return busyWorkers(dump).isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
        System.out.println("FUZZ-FIGURES cases=" + sent.get() + " clientErrors=" + clientErrors.get()
                + " serverErrors=" + serverErrors.get() + " ticketsCreated=" + createdTickets.size()
                + " budgetSeconds=" + BUDGET_SECONDS);
        assertTrue("the fuzzer ran: " + sent.get(), sent.get() > 100);
        assertEquals(0, serverErrors.get());
    }

    /** A client that sends half a body and goes away costs one WARN line with the request id, no stack trace. */
    @Example
    void anAbortedUploadIsOneWarnLineWithoutAStackTrace() throws Exception {
        String path = "/webhooks/x/" + SignedWebhooks.X_ACCOUNT;
        int before = parley.output().size();
        try (var socket = RawHttp.stalledPost("127.0.0.1", port, path, 1_000, "")) {
            socket.getOutputStream().write("{\"for_user_id\":".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }
        Await.condition("a log line about the aborted upload", Duration.ofSeconds(30),
                () -> parley.output().stream().skip(before).anyMatch(l -> l.contains(path)));
        // a marker request after the abort: its answer means the abort's handling is long over
        assertEquals(200, parley.api().getWithoutToken("/health").status());
        List<String> lines = parley.output().stream().skip(before).toList();
        List<String> about = lines.stream().filter(l -> l.contains(path) || l.contains("Exception")).toList();
        assertEquals("one line about the aborted request: " + lines, 1, about.size());
        assertTrue(about.get(0), about.get(0).contains(" WARN ") && about.get(0).matches(".*Request \\S+-\\d+ .*"));
        assertFalse("no stack trace: " + lines, lines.stream().anyMatch(l -> l.startsWith("\tat ")));
        assertFalse("no ERROR: " + lines, lines.stream().anyMatch(l -> l.contains(" ERROR ")));
    }

    static List<String> busyWorkers(String dump) {
        List<String> busy = new ArrayList<>();
        for (String thread : dump.split("\n\n")) {
            if (thread.startsWith("\"qtp") && thread.contains("dev.parley.")) {
                busy.add(thread);
            }
        }
        return busy;
    }

    @Provide
    Arbitrary<Case> requests() {
        Arbitrary<Seed> seeds = Arbitraries.of(corpus());
        Arbitrary<String> methods = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", "HEAD")));
        return Combinators.combine(seeds, methods, pathMutations(), bodyMutations(), contentTypes())
                .as((seed, method, path, body, type) -> new Case(method.isEmpty() ? seed.method() : method,
                        path.apply(fill(seed.path())), type.isEmpty() ? seed.contentType() : type.equals("-") ? null : type,
                        seed.body() == null ? (body.isEmpty() ? null : body.mutate("{}")) : body.mutate(fill(seed.body()))));
    }

    private static Arbitrary<java.util.function.UnaryOperator<String>> pathMutations() {
        Arbitrary<String> junk = Arbitraries.strings().withChars("%zZ0123456789abcdef/.;?&=+ \\\"'<>\u00e9\ud83d\ude00")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<Long> numbers = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, 4294967297L));
        return Arbitraries.oneOf(
                Arbitraries.just(p -> p),
                Arbitraries.just(p -> p),
                junk.map(j -> p -> p + (p.contains("?") ? "&" : "?") + "x=" + j),
                junk.map(j -> p -> p + j),
                numbers.map(n -> p -> p.replaceAll("/\\d+", "/" + n)),
                numbers.map(n -> p -> p.replaceAll("=[^&]*", "=" + n)),
                Arbitraries.of("%", "%zz", "%E0%A4", "%C0%AF", "%00", "%ff%fe", "..%2f..", "99999999999999999999999")
                        .map(j -> p -> p.replaceAll("=[^&]*", "=" + j)),
                Arbitraries.of("updatedSince=yesterday", "limit=4294967297", "limit=-5", "status=open,,", "cursor=%%",
                        "requester=1e9", "hub.challenge=" + "9".repeat(40), "crc_token={\"a\":1}")
                        .map(q -> p -> p + (p.contains("?") ? "&" : "?") + q));
    }

    /** Replaces a body (or a part of it) with something a parser must refuse politely. */
    interface BodyMutation {
        String mutate(String body);

        default boolean isEmpty() {
            return false;
        }
    }

    private static Arbitrary<BodyMutation> bodyMutations() {
        BodyMutation keep = new BodyMutation() {
            @Override
            public String mutate(String body) {
                return body;
            }

            @Override
            public boolean isEmpty() {
                return true;
            }
        };
        Arbitrary<String> scalars = Arbitraries.of("null", "[null]", "[]", "{}", "\"\\ud800\"", "\"\\udc00x\"",
                "1e400", "-9223372036854775809", "99999999999999999999999", "1.5", "true", "\"\"", "\"2026-13-45\"",
                "{\"a\":{\"a\":{\"a\":[[[[[]]]]]}}}", "\"" + "x".repeat(5000) + "\"", "\"javascript:alert(1)\"",
                "\"http://169.254.169.254/\"", "\"file:///etc/passwd\"");
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        return Arbitraries.oneOf(
                Arbitraries.just(keep),
                Arbitraries.just(keep),
                scalars.map(s -> b -> s),
                scalars.map(s -> b -> b.replaceFirst(":(\"[^\"]*\"|-?\\d+|true|false|null)", ":" + s)),
                scalars.map(s -> b -> b.replaceAll(":(\"[^\"]*\"|-?\\d+|true|false|null)", ":" + s)),
                Arbitraries.integers().between(0, 400).map(i -> b -> b.substring(0, Math.min(i, b.length()))),
                text.map(t -> b -> b.length() < 2 ? t : b.substring(0, b.length() / 2) + t + b.substring(b.length() / 2)),
                Arbitraries.just(b -> b.startsWith("{\"") ? "{" + b.substring(1, b.indexOf(',') > 0 ? b.indexOf(',') + 1 : 1) + b.substring(1) : b),
                Arbitraries.just(b -> "[" + b + "]"),
                Arbitraries.just(b -> b + b));
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("-", "text/plain", "application/x-www-form-urlencoded",
                        "application/json; charset=ISO-8859-1", "multipart/form-data; boundary=x", "application/xml")));
    }

    private static RawHttp.Answer send(Case request) throws IOException {
        byte[] body = request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.path().replace(' ', '+'))
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (request.path().startsWith("/api/")) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (request.contentType() != null) {
            head.append("Content-Type: ").append(request.contentType()).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
            String text = request.body();
            if (request.path().startsWith("/webhooks/x/")) {
                head.append("x-twitter-webhooks-signature: ").append(SignedWebhooks.xSignature(SignedWebhooks.X_SECRET, text)).append("\r\n");
            } else if (request.path().startsWith("/webhooks/meta/")) {
                head.append("X-Hub-Signature-256: ").append(SignedWebhooks.metaSignature(SignedWebhooks.META_SECRET, text)).append("\r\n");
            }
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + (body == null ? 0 : body.length)];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        if (body != null) {
            System.arraycopy(body, 0, all, headBytes.length, body.length);
        }
        return RawHttp.exchange("127.0.0.1", port, all);
    }

    private static String fill(String template) {
        return template.replace("{ticket}", Long.toString(ticket)).replace("{message}", Long.toString(message));
    }

    private static List<Seed> corpus() {
        try (InputStream in = EndpointFuzzIT.class.getResourceAsStream("/fuzz/corpus.tsv")) {
            List<Seed> seeds = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 4);
                seeds.add(new Seed(f[0], f[1], f[2].equals("-") ? null : f[2], f[3].equals("-") ? null : f[3]));
            }
            return seeds;
        } catch (IOException e) {
            throw new IllegalStateException("the fuzz corpus is missing", e);
        }
    }

    /** Jackson for the few answers read back. */
    private static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

        static JsonNode read(String text) throws IOException {
            return MAPPER.readTree(text);
        }
    }
}
