package dev.parley.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An agent's file through the real HTTP endpoint, {@code POST /api/tickets/{id}/attachments}, and
 * through the agent console's proxy: who may upload (none 401, widget 403, agent 201), the configured
 * size limit (declared or chunked, 413 problem+json, keys read from the metatype), pictures checked
 * against their magic numbers (415), names stripped of paths and header breaks, downloads that never
 * run as a page (attachment, nosniff, sandbox CSP), and uploads no reply carried removed after the
 * configured time while one a reply carried stays.
 */
@RunWith(PaxExam.class)
public class AttachmentUploadIT extends ParleyTestSupport {

    private static final String PID = "dev.parley.helpdesk.attachments";
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private static final byte[] HTML = "<html><body><script>alert(document.cookie)</script></body></html>"
            .getBytes(StandardCharsets.UTF_8);
    private static final int LIMIT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private ConfigurationAdmin configurations;
    @Inject
    private MetaTypeService metatype;

    private ApiClient api;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String agent;
    private String widget;
    private long ticket;

    @Before
    public void setUp() throws Exception {
        api = api();
        // the keys an administrator finds in the metatype are the ones that work
        Bundle core = Arrays.stream(context.getBundles()).filter(b -> "dev.parley.helpdesk-core".equals(b.getSymbolicName())
                || b.getSymbolicName().endsWith("helpdesk-core")).findFirst().orElseThrow();
        ObjectClassDefinition ocd = metatype.getMetaTypeInformation(core).getObjectClassDefinition(PID, null);
        Set<String> keys = Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).map(a -> a.getID())
                .collect(Collectors.toSet());
        assertTrue(keys.toString(), keys.containsAll(Set.of("maxUploadBytes", "uploadOrphanSeconds", "uploadTimeoutSeconds")));
        Configuration config = configurations.getConfiguration(PID, "?");
        if (config.getProperties() == null || !Long.valueOf(LIMIT).equals(config.getProperties().get("maxUploadBytes"))) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("maxUploadBytes", (long) LIMIT);
            properties.put("uploadOrphanSeconds", 3L);
            config.update(properties); // the store's components restart: /api/tickets is away for a moment
        }

        agent = token("Ann Agent " + System.nanoTime(), "agent");
        widget = token("wall screen " + System.nanoTime(), "widget");
        ticket = Await.until("the tickets API (back after the reconfiguration)", Duration.ofSeconds(20), () -> {
            ApiClient.Reply created = api.post("/api/tickets", "{\"subject\":\"upload\",\"channel\":\"web\","
                    + "\"requester\":{\"email\":\"upload@customers.example\"},\"description\":\"hello\"}");
            return created.status() == 201 ? created.json().get("id").asLong() : null;
        });
        Await.condition("the configured limit in force", Duration.ofSeconds(20),
                () -> upload(agent, "big.bin", "application/octet-stream", new byte[LIMIT + 1]).statusCode() == 413);
    }

    private String token(String name, String role) {
        ApiClient.Reply reply = api.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(reply.body(), 201, reply.status());
        return reply.json().get("token").asText();
    }

    private HttpResponse<String> upload(String token, String name, String type, byte[] bytes) {
        return upload("/api", token, name, type, HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    private HttpResponse<String> upload(String prefix, String token, String name, String type,
            HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + prefix
                + "/tickets/" + ticket + "/attachments?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", type).POST(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> download(long id) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/api/attachments/"
                    + id)).header("Authorization", "Bearer " + agent).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode problem(HttpResponse<String> answer, int status) throws IOException {
        assertEquals(answer.body(), status, answer.statusCode());
        assertEquals(answer.body(), "application/problem+json", answer.headers().firstValue("Content-Type").orElse("")
                .replaceAll(";.*", ""));
        JsonNode body = JSON.readTree(answer.body());
        assertFalse("no stack trace: " + answer.body(), answer.body().contains("\tat ") || answer.body().contains("Exception"));
        return body;
    }

    @Test
    public void onlyAnAgentMayUpload() throws Exception {
        problem(upload(null, "a.png", "image/png", PNG), 401);
        JsonNode refused = problem(upload(widget, "a.png", "image/png", PNG), 403);
        assertEquals("agent", refused.get("requiredRole").asText());
        // through the console's proxy: a bare token is asked about before a byte is spooled
        problem(upload("/agent/api", widget, "a.png", "image/png", HttpRequest.BodyPublishers.ofByteArray(PNG)), 403);
        problem(upload("/agent/api", "prl_made_up", "a.png", "image/png", HttpRequest.BodyPublishers.ofByteArray(PNG)),
                401);
        problem(upload("/agent/api", null, "a.png", "image/png", HttpRequest.BodyPublishers.ofByteArray(PNG)), 401);
        HttpResponse<String> proxied = upload("/agent/api", agent, "a.png", "image/png",
                HttpRequest.BodyPublishers.ofByteArray(PNG));
        assertEquals(proxied.body(), 201, proxied.statusCode());
        assertEquals("image/png", JSON.readTree(proxied.body()).get("mediaType").asText());
    }

    @Test
    public void aRefusedUploadEndsItsConnectionSoTheNextRequestIsAnswered() throws Exception {
        // the body of a refused upload is never read: a connection kept alive after it would be closed
        // under the client's next request (an EOF where an answer was due)
        for (int i = 0; i < 20; i++) {
            for (String prefix : List.of("/api", "/agent/api")) {
                String token = i % 2 == 0 ? null : widget;
                HttpResponse<String> refused = upload(prefix, token, "a.png", "image/png",
                        HttpRequest.BodyPublishers.ofByteArray(PNG));
                problem(refused, token == null ? 401 : 403);
                assertEquals(prefix + " " + refused.statusCode(), "close",
                        refused.headers().firstValue("Connection").orElse("").toLowerCase(Locale.ROOT));
            }
        }
        HttpResponse<String> accepted = upload(agent, "a.png", "image/png", PNG);
        assertEquals(accepted.body(), 201, accepted.statusCode());
    }

    @Test
    public void aPictureIsKeptAsTheTypeItsBytesShowAndServedUnderItsName() throws Exception {
        HttpResponse<String> answer = upload(agent, "Straße photo.png", "image/png", PNG);
        assertEquals(answer.body(), 201, answer.statusCode());
        JsonNode stored = JSON.readTree(answer.body());
        long id = stored.get("attachmentId").asLong();
        assertEquals("Straße photo.png", stored.get("name").asText());
        assertEquals("image/png", stored.get("mediaType").asText());
        assertEquals(PNG.length, stored.get("size").asLong());
        assertEquals("/api/attachments/" + id, answer.headers().firstValue("Location").orElse(""));

        HttpResponse<byte[]> file = download(id);
        assertEquals(200, file.statusCode());
        assertArrayEquals(PNG, file.body());
        assertEquals("image/png", file.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", file.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("inline; filename=\"Stra_e photo.png\"; filename*=UTF-8''Stra%C3%9Fe%20photo.png",
                file.headers().firstValue("Content-Disposition").orElse(""));
    }

    @Test
    public void aPageOrScriptIsNeverServedAsOne() throws Exception {
        JsonNode falsePicture = problem(upload(agent, "cat.png", "image/png", HTML), 415);
        assertTrue(falsePicture.get("detail").asText(), falsePicture.get("detail").asText().contains("not a picture"));
        problem(upload(agent, "logo.svg", "image/svg+xml", ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")
                .getBytes(StandardCharsets.UTF_8)), 415);

        HttpResponse<String> page = upload(agent, "..\\..\\..\\etc\\<b>page<b>.html", "text/html", HTML);
        assertEquals(page.body(), 201, page.statusCode());
        JsonNode stored = JSON.readTree(page.body());
        assertEquals("no folder, no markup characters", "bpageb.html", stored.get("name").asText());
        assertEquals("application/octet-stream", stored.get("mediaType").asText());
        HttpResponse<byte[]> file = download(stored.get("attachmentId").asLong());
        assertEquals("application/octet-stream", file.headers().firstValue("Content-Type").orElse(""));
        assertTrue(file.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; "));
        assertEquals("nosniff", file.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(file.headers().firstValue("Content-Security-Policy").orElse("").startsWith("sandbox"));
    }

    @Test
    public void aNameCannotBreakTheDownloadsHeaders() throws Exception {
        HttpResponse<String> answer = upload(agent, "a.txt\r\nSet-Cookie: stolen=1\r\nX-Evil: 1", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(answer.body(), 201, answer.statusCode());
        HttpResponse<byte[]> file = download(JSON.readTree(answer.body()).get("attachmentId").asLong());
        assertFalse(file.headers().firstValue("Set-Cookie").isPresent());
        assertFalse(file.headers().firstValue("X-Evil").isPresent());
        String disposition = file.headers().firstValue("Content-Disposition").orElse("");
        assertFalse(disposition, disposition.contains("\r") || disposition.contains("\n"));
        assertTrue(disposition, disposition.startsWith("attachment; filename=\"a.txtSet-Cookie stolen=1X-Evil 1\""));
    }

    @Test
    public void aFileOverTheLimitIsRefusedDeclaredOrChunked() throws Exception {
        JsonNode declared = problem(upload(agent, "big.bin", "application/octet-stream", new byte[LIMIT + 1]), 413);
        assertEquals(LIMIT, declared.get("maxBytes").asLong());
        // no Content-Length: the limit holds while reading
        HttpResponse<String> chunked = upload("/api", agent, "big.bin", "application/octet-stream",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4 * LIMIT])));
        problem(chunked, 413);
        // a huge declared size is refused from the headers, without waiting for a byte of the body
        RawHttp.Answer huge = RawHttp.exchange("127.0.0.1", httpPort(), "POST /api/tickets/" + ticket
                + "/attachments?name=x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + agent
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 10000000000\r\n\r\n");
        assertEquals(huge.toString(), 413, huge.status());
        problem(upload("/agent/api", agent, "big.bin", "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT + 1])), 413);
        problem(upload(agent, "empty.bin", "application/octet-stream", new byte[0]), 400);
        problem(upload(agent, "form", "multipart/form-data; boundary=x", "--x--".getBytes(StandardCharsets.UTF_8)), 415);
    }

    @Test
    public void anUploadNoReplyCarriedIsRemovedAndOneSentStays() throws Exception {
        long unused = JSON.readTree(upload(agent, "unused.txt", "text/plain", "not sent".getBytes(StandardCharsets.UTF_8))
                .body()).get("attachmentId").asLong();
        HttpResponse<String> kept = upload(agent, "sent.txt", "text/plain", "sent".getBytes(StandardCharsets.UTF_8));
        long sent = JSON.readTree(kept.body()).get("attachmentId").asLong();
        ApiClient agentApi = new ApiClient(httpPort(), agent);
        ApiClient.Reply reply = agentApi.post("/api/tickets/" + ticket + "/messages", "{\"text\":\"here\","
                + "\"visibility\":\"PRIVATE\",\"attachments\":[{\"attachmentId\":" + sent + "}]}");
        assertEquals(reply.body(), 201, reply.status());
        JsonNode attachment = reply.json().path("attachments").path(0);
        assertEquals("the upload's name travels with the reply", "sent.txt", attachment.path("name").asText());
        assertEquals(sent, attachment.path("id").asLong());

        Await.condition("the unused upload removed", Duration.ofSeconds(20), () -> download(unused).statusCode() == 404);
        assertEquals(200, download(sent).statusCode());
    }
}
