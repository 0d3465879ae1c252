package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTTP edge under attack, through the real runtime: stalled uploads neither delay webhooks nor
 * /health, one address cannot take more than its share, Jetty's own refusals are problem+json.
 * Each test would fail on a runtime without the edge defences. (That an aborted upload logs one
 * WARN line is in EndpointFuzzIT, which reads the real process's console.)
 */
@RunWith(PaxExam.class)
public class EdgeSecurityIT extends ParleyTestSupport {

    private static final String X_WEBHOOK = "/webhooks/x/" + SignedWebhooks.X_ACCOUNT;
    private static final int STALLED = 1_000;
    private static final int ADDRESSES = 20; // 50 stalled uploads each: under the per-address cap of 64

    private final ObjectMapper json = new ObjectMapper();

    private SignedWebhooks webhooks() {
        api();
        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        hooks.awaitVerified("the sandbox X account's webhook", X_WEBHOOK + "?crc_token=ready", Duration.ofSeconds(30));
        return hooks;
    }

    @Test
    public void thousandStalledUploadsNeitherDelayWebhooksNorHealth() throws Exception {
        SignedWebhooks hooks = webhooks();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(RawHttp.stalledPost("127.0.0." + (10 + i % ADDRESSES), httpPort(), X_WEBHOOK, 1_000, ""));
            }
            ApiClient api = api();
            long[] millis = new long[100];
            for (int i = 0; i < millis.length; i++) {
                String body = SignedWebhooks.xDirectMessage("stall-" + i, "800000001", "ann", "still there?");
                long start = System.nanoTime();
                HttpResponse<String> ack = hooks.postX(body);
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                assertEquals(ack.body(), 200, ack.statusCode());
                assertEquals(200, api.getWithoutToken("/health").status());
            }
            Arrays.sort(millis);
            long p99 = millis[(int) Math.ceil(millis.length * 0.99) - 1];
            System.out.println("EDGE-FIGURES stalled=" + STALLED + " acks=" + millis.length + " ackMedianMs="
                    + millis[millis.length / 2] + " ackP99Ms=" + p99 + " ackMaxMs=" + millis[millis.length - 1]);
            // a generous bound: without the edge, the acks wait for a worker until a stalled upload times out (60 s)
            assertTrue("webhook ack p99 " + p99 + " ms while " + STALLED + " uploads stall", p99 < 2_000);
            int held = 0;
            for (Socket socket : stalled) {
                int status = RawHttp.statusSoFar(socket);
                held += status == -1 ? 1 : 0;
                // on a slow machine the acks can outlast the idle timeout: an upload may end with 408, never another refusal
                assertTrue("a stalled upload was answered " + status, status == -1 || status == 408 || status == 0);
            }
            System.out.println("EDGE-FIGURES stalledStillHeld=" + held);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    public void oneAddressGetsAtMostItsShareOfTheUnauthenticatedPaths() throws Exception {
        webhooks();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                stalled.add(RawHttp.stalledPost("127.0.0.50", httpPort(), X_WEBHOOK, 1_000, ""));
            }
            Await.condition("36 of 100 stalled uploads from one address refused", Duration.ofSeconds(10), () -> {
                int count = 0;
                for (Socket socket : stalled) {
                    try {
                        count += RawHttp.answered(socket) ? 1 : 0;
                    } catch (IOException e) {
                        count++;
                    }
                }
                return count == 36;
            });
            RawHttp.Answer fromSameAddress = RawHttp.exchange("127.0.0.50", httpPort(),
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertEquals(429, fromSameAddress.status());
            assertProblem(fromSameAddress, 429);
            RawHttp.Answer fromAnother = RawHttp.exchange("127.0.0.51", httpPort(),
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertEquals(200, fromAnother.status());
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        Await.condition("the address's share is free again once its uploads are gone", Duration.ofSeconds(10),
                () -> {
                    try {
                        return RawHttp.exchange("127.0.0.50", httpPort(),
                                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    @Test
    public void forwardedForCountsOnlyFromATrustedProxy() throws Exception {
        webhooks();
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.helpdesk.edge.cfg"),
                "trustedProxies=127.0.0.1\nmaxConcurrentPerAddress=2\n");
        String forwarded = "X-Forwarded-For: 203.0.113.7\r\n";
        List<Socket> stalled = new ArrayList<>();
        try {
            // through the proxy (127.0.0.1), client 203.0.113.7 has two uploads in progress: its third request is one too many
            Await.condition("the edge configuration applied", Duration.ofSeconds(30), () -> {
                try {
                    for (Socket socket : stalled) {
                        socket.close();
                    }
                    stalled.clear();
                    stalled.add(RawHttp.stalledPost("127.0.0.1", httpPort(), X_WEBHOOK, 1_000, forwarded));
                    stalled.add(RawHttp.stalledPost("127.0.0.1", httpPort(), X_WEBHOOK, 1_000, forwarded));
                    return health("127.0.0.1", forwarded) == 429;
                } catch (IOException e) {
                    return false;
                }
            });
            assertEquals("the proxy's own requests are not the client's", 200, health("127.0.0.1", ""));
            assertEquals("another client behind the proxy", 200, health("127.0.0.1", "X-Forwarded-For: 203.0.113.8\r\n"));
            assertEquals("from an untrusted peer the header is ignored", 200, health("127.0.0.2", forwarded));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private int health(String source, String headers) throws IOException {
        return RawHttp.exchange(source, httpPort(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + headers + "\r\n").status();
    }

    /** A body trickling in below the minimum rate (the README's edge key) is refused with 408; nothing is stored. */
    @Test
    public void aTricklingBodyIsRefusedWithProblemJson() throws Exception {
        webhooks();
        try (Socket trickle = RawHttp.stalledPost("127.0.0.2", httpPort(), X_WEBHOOK, 10_000, "")) {
            int status = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (status == -1 && System.nanoTime() < deadline) {
                try {
                    trickle.getOutputStream().write('{'); // one byte every 200 ms: 5 bytes/s, far below 1024
                    trickle.getOutputStream().flush();
                } catch (IOException closed) {
                    status = RawHttp.answer(trickle, 5_000).status(); // refused and closed while we were sending
                    break;
                }
                Thread.sleep(200);
                status = RawHttp.statusSoFar(trickle);
            }
            assertEquals("a trickle is refused, not waited for until the idle timeout", 408, status);
        }
    }

    /** The edge reads a body asynchronously before the servlet runs; a servlet that answers later must still answer. */
    @Test
    public void aServletThatAnswersLaterStillAnswersAfterTheEdgeCollectedTheBody() throws Exception {
        ApiClient api = api();
        assertEquals(200, api.post("/sandbox/api/faults", "{\"platform\":\"x\",\"api\":{\"delayMs\":300}}").status());
        try {
            String body = "{\"text\":\"answered after a delay\"}";
            RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", httpPort(), "POST /sandbox/x/2/tweets HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer sandbox-x-token\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertEquals(answer.body(), 201, answer.status());
            assertTrue(answer.body(), answer.body().contains("answered after a delay"));
        } finally {
            api.delete("/sandbox/api/faults");
        }
    }

    @Test
    public void jettysOwnRefusalsAnswerProblemJson() throws Exception {
        api();
        String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
        assertProblem(RawHttp.exchange("127.0.0.1", httpPort(),
                "GET /health HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n"), 431);
        assertProblem(RawHttp.exchange("127.0.0.1", httpPort(),
                "GET /health?" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + "\r\n"), 414);
        assertProblem(RawHttp.exchange("127.0.0.1", httpPort(), "GET /api/tickets/%zz HTTP/1.1\r\n" + host + "\r\n"), 400);
        assertProblem(RawHttp.exchange("127.0.0.1", httpPort(), "GET /no/such/path HTTP/1.1\r\n" + host + "\r\n"), 404);
        assertProblem(RawHttp.exchange("127.0.0.1", httpPort(), "DELETE /health HTTP/1.1\r\n" + host + "\r\n"), 405);
        assertProblem(RawHttp.exchange("127.0.0.1", httpPort(), "POST " + X_WEBHOOK + " HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{"), 413);
        assertProblem(RawHttp.exchange("127.0.0.1", httpPort(), "GARBAGE\r\n\r\n"), 400);
    }

    @Test
    public void malformedEscapesAreRefusedEverywhere() throws Exception {
        webhooks();
        String token = ApiClient.adminToken(home());
        for (String target : List.of("/api/tickets?status=%zz", "/api/tickets?status=%E0%A4", "/health?x=%",
                X_WEBHOOK + "?crc_token=%zz", "/sandbox/?x=%G1", "/api/sla/tickets?x=%zz")) {
            RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", httpPort(), "GET " + target + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer " + token + "\r\n\r\n");
            assertProblem(answer, 400);
        }
    }

    private void assertProblem(RawHttp.Answer answer, int status) throws IOException {
        assertEquals(answer.body(), status, answer.status());
        assertTrue(answer.contentType() + ": " + answer.body(), answer.contentType().startsWith("application/problem+json"));
        JsonNode body = json.readTree(answer.body());
        assertEquals(status, body.path("status").asInt());
        assertFalse(answer.body(), answer.body().contains("<html"));
    }
}
