package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

/** The SLA plugin in the real runtime: installed late, streaming, and removable without touching tickets. */
@RunWith(PaxExam.class)
public class SlaIT extends ParleyTestSupport {

    private static final String SLA_BUNDLE = "dev.parley.sla";

    @Test
    public void installedOnALiveHelpdeskItShowsCorrectClocksForExistingTicketsAtOnce() throws Exception {
        ApiClient api = api();
        Bundle sla = bundle();
        sla.stop();
        long social = createTicket(api, "x", "Late install, social");
        long web = createTicket(api, "web", "Late install, web");

        sla.start();
        JsonNode socialSla = awaitSla(api, social);
        JsonNode webSla = awaitSla(api, web);
        assertDue(api, social, socialSla, Duration.ofMinutes(60)); // default first reply for social channels
        assertDue(api, web, webSla, Duration.ofMinutes(120));
        assertEquals("ON_TRACK", socialSla.get("nextDue").get("state").asText());
    }

    @Test
    public void theStreamPushesAChangeWhenAnAgentReplies() throws Exception {
        ApiClient api = api();
        long id = createTicket(api, "web", "Stream me"); // web: no channel messaging policy refuses a REST reply
        awaitSla(api, id);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/api/sla/stream"))
                .header("Authorization", "Bearer " + ApiClient.adminToken(home())).build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        CompletableFuture<String> change = CompletableFuture.supplyAsync(() -> firstChangeFor(stream.body(), id));
        try {
            assertEquals(201, api.post("/api/tickets/" + id + "/messages", "{\"text\":\"on it\",\"visibility\":\"PUBLIC\"}")
                    .status());
            String data = change.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(data, data.contains("\"MET\"")); // the first-reply target is met by the reply
        } finally {
            stream.body().close();
        }
    }

    @Test
    public void uninstallingAndReinstallingTheSlaPluginChangesNoTicket() throws Exception {
        ApiClient api = api();
        long id = createTicket(api, "x", "Keep me as I am");
        awaitSla(api, id);
        Map<Long, String> versions = ticketVersions(api);

        Bundle sla = bundle();
        String location = sla.getLocation();
        sla.uninstall();
        assertEquals(404, api.get("/api/sla/tickets").status()); // the API went with the plugin
        Bundle again = context.installBundle(location);
        again.start();
        awaitSla(api, id);

        assertEquals(versions, ticketVersions(api));
        assertEquals("the host kept serving", 200, api.get("/api/tickets/" + id).status());
    }

    @Test
    public void aConfiguredHelpdeskOriginMayEmbedTheWidgetAndReadTheStream() throws Exception {
        ApiClient api = api();
        String helpdesk = "https://helpdesk.example.com";
        // before any configuration no origin is allowed, and the preflight never reaches the token check
        assertEquals(403, preflight("/api/sla/stream", helpdesk).statusCode());
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.sla.web.cfg"), "allowedOrigins=" + helpdesk + "\n");

        HttpResponse<String> allowed = Await.until("the allowed origin to be picked up", Duration.ofSeconds(20), () -> {
            HttpResponse<String> r = preflight("/api/sla/stream", helpdesk);
            return r.statusCode() == 204 ? r : null;
        });
        assertEquals(helpdesk, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));

        HttpResponse<String> queue = http(HttpRequest.newBuilder(url("/api/sla/tickets")).header("Origin", helpdesk)
                .header("Authorization", "Bearer " + ApiClient.adminToken(home())).GET());
        assertEquals(200, queue.statusCode());
        assertEquals(helpdesk, queue.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        HttpResponse<String> script = http(HttpRequest.newBuilder(url("/sla/parley-sla.js")).header("Origin", helpdesk).GET());
        assertEquals(200, script.statusCode());
        assertEquals(helpdesk, script.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        HttpResponse<String> other = preflight("/api/sla/tickets", "https://evil.example");
        assertEquals(403, other.statusCode());
        assertEquals("application/problem+json", other.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        HttpResponse<String> otherGet = http(HttpRequest.newBuilder(url("/sla/parley-sla.js"))
                .header("Origin", "https://evil.example").GET());
        assertTrue(otherGet.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertEquals("the host's API kept its token check", 401, api.getWithoutToken("/api/sla/tickets").status());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    private HttpResponse<String> preflight(String path, String origin) {
        return http(HttpRequest.newBuilder(url(path)).header("Origin", origin)
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> http(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Bundle bundle() {
        return Arrays.stream(context.getBundles()).filter(b -> SLA_BUNDLE.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("the SLA bundle is not in the runtime's bundle set"));
    }

    private static long createTicket(ApiClient api, String channel, String subject) {
        ApiClient.Reply created = api.post("/api/tickets", "{\"subject\":\"" + subject + "\",\"channel\":\"" + channel
                + "\",\"requester\":{\"email\":\"sla@example.com\"},\"description\":\"help\"}");
        assertEquals(created.body(), 201, created.status());
        return created.json().get("id").asLong();
    }

    private static JsonNode awaitSla(ApiClient api, long ticketId) {
        return Await.until("SLA clocks for ticket " + ticketId, Duration.ofSeconds(20), () -> {
            ApiClient.Reply reply = api.get("/api/sla/tickets/" + ticketId);
            return reply.status() == 200 ? reply.json() : null;
        });
    }

    private static void assertDue(ApiClient api, long ticketId, JsonNode sla, Duration firstReply) {
        Instant created = Instant.parse(api.get("/api/tickets/" + ticketId).json().get("createdAt").asText());
        JsonNode first = null;
        for (JsonNode target : sla.get("targets")) {
            if (target.get("target").asText().equals("FIRST_REPLY")) {
                first = target;
            }
        }
        assertNotNull(sla.toString(), first);
        assertEquals(created.plus(firstReply), Instant.parse(first.get("due").asText()));
    }

    /** Each ticket's version and updatedAt: what any change to a ticket moves. */
    private static Map<Long, String> ticketVersions(ApiClient api) {
        Map<Long, String> versions = new HashMap<>();
        for (JsonNode ticket : api.get("/api/tickets?limit=200").json().get("tickets")) {
            versions.put(ticket.get("id").asLong(), "version " + ticket.get("version").asLong() + ", updatedAt "
                    + ticket.get("updatedAt").asText());
        }
        return versions;
    }

    private static String firstChangeFor(InputStream body, long ticketId) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = lines.readLine()) != null;) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:") && "changed".equals(event)
                        && line.contains("\"ticketId\":" + ticketId + ",") && line.contains("\"MET\"")) {
                    return line;
                }
            }
            throw new AssertionError("the stream ended without a change for ticket " + ticketId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The widget's channel list is the installed platforms' (GET /api/sla/channels, which the board's
     * filter loads): WhatsApp and Telegram with their labels, Telegram gone while its plugin is
     * stopped and back when it starts, the others untouched.
     */
    @Test
    public void theChannelListFollowsTheInstalledPlatforms() {
        ApiClient api = api();
        java.util.function.Supplier<Map<String, String>> channels = () -> {
            Map<String, String> labels = new HashMap<>();
            api.get("/api/sla/channels").json().path("channels").forEach(c -> labels.put(c.path("channel").asText(),
                    c.path("label").asText()));
            return labels;
        };
        Map<String, String> all = Await.until("the platforms' channels listed", Duration.ofSeconds(30), () -> {
            Map<String, String> now = channels.get();
            return now.containsKey("whatsapp") && now.containsKey("telegram") && now.containsKey("messenger") ? now : null;
        });
        assertEquals("WhatsApp", all.get("whatsapp"));
        assertEquals("Telegram", all.get("telegram"));
        assertEquals("Email", all.get("email"));

        Bundle telegram = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("dev.parley.social-telegram")).findFirst().orElseThrow();
        try {
            telegram.stop();
            Map<String, String> without = channels.get();
            assertTrue("no telegram while its plugin is stopped: " + without, !without.containsKey("telegram"));
            assertEquals("WhatsApp", without.get("whatsapp"));
            assertEquals("X", without.get("x"));
            telegram.start();
        } catch (org.osgi.framework.BundleException e) {
            throw new AssertionError(e);
        }
        Await.condition("telegram listed again", Duration.ofSeconds(30), () -> channels.get().containsKey("telegram"));
    }
}
