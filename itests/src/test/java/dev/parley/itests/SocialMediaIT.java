package dev.parley.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inbound media and profiles through the real webhook: a sandbox customer's Messenger DM with a
 * picture (the sandbox serves real bytes on the account's API host, as a CDN would) ends up in the
 * host's attachment store with its real type and digest, served to agents with nosniff; a media URL
 * outside the account's media hosts is never fetched and the attachment says why; and the customer,
 * whom Messenger's webhook names only by a page-scoped id, gets the name from the profile API.
 */
@RunWith(PaxExam.class)
public class SocialMediaIT extends ParleyTestSupport {

    /** The sandbox's photo.png: a 1x1 PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private String postDm(ApiClient api, String authorId, String name, String text, String attachment) {
        String body = "{\"platform\":\"meta\",\"kind\":\"dm\",\"authorId\":\"" + authorId + "\",\"authorHandle\":\"h"
                + authorId + "\",\"authorName\":\"" + name + "\",\"text\":\"" + text + "\",\"attachment\":\""
                + attachment + "\"}";
        ApiClient.Reply posted = Await.until("the sandbox taking a customer post", Duration.ofSeconds(30), () -> {
            ApiClient.Reply r = api.post("/sandbox/api/customer-posts?wait=true", body);
            return r.status() == 200 ? r : null;
        });
        return posted.json().get("id").asText();
    }

    /** The ticket message with this Messenger id, as the REST API shows it. */
    private JsonNode message(ApiClient api, String mid) {
        return message(api, "messenger", mid);
    }

    private JsonNode message(ApiClient api, String channel, String mid) {
        return Await.until("message " + mid + " on a ticket", Duration.ofSeconds(30), () -> {
            JsonNode page = api.get("/api/tickets?channel=" + channel + "&limit=100").json();
            for (JsonNode ticket : page.path("tickets")) {
                JsonNode full = api.get("/api/tickets/" + ticket.get("id").asLong()).json();
                for (JsonNode m : full.path("messages")) {
                    if (mid.equals(m.path("externalId").asText())) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) m).set("ticket", full);
                        return m;
                    }
                }
            }
            return null;
        });
    }

    private JsonNode awaitAttachment(ApiClient api, String mid, String state) {
        return Await.until("the attachment of " + mid + " " + state, Duration.ofSeconds(30), () -> {
            JsonNode a = message(api, mid).path("attachments").path(0);
            return state.equals(a.path("state").asText()) ? a : null;
        });
    }

    @Test
    public void aDmPictureIsStoredWithItsRealTypeAndServedWithNosniff() throws Exception {
        ApiClient api = api();
        String mid = postDm(api, "7100000001", "Ann Media", "my broken suitcase", "photo.png");

        JsonNode message = message(api, mid);
        assertEquals("the message is stored with its text, whatever the download does", "my broken suitcase",
                message.path("text").asText());
        JsonNode attachment = awaitAttachment(api, mid, "STORED");
        assertEquals("image/png", attachment.path("mediaType").asText());
        assertEquals(PNG.length, attachment.path("size").asLong());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PNG));
        assertEquals(sha256, attachment.path("sha256").asText());
        long id = attachment.path("id").asLong();
        assertEquals("/api/attachments/" + id, attachment.path("url").asText());
        assertTrue(attachment.path("sourceUrl").asText().endsWith("/sandbox/media/photo.png"));
        assertTrue("kept under <home>/data/attachments, named by its digest",
                Files.isRegularFile(home().resolve(Path.of("data", "attachments", sha256.substring(0, 2), sha256))));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort()
                + "/api/attachments/" + id)).header("Authorization", "Bearer " + ApiClient.adminToken(home())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, served.statusCode());
        assertArrayEquals(PNG, served.body());
        assertEquals("image/png", served.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(served.headers().firstValue("Content-Disposition").orElse("").startsWith("inline"));

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort()
                + "/api/attachments/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("attachments are for agents only", 401, anonymous.statusCode());
        assertEquals(404, api.get("/api/attachments/999999999").status());
        assertTrue(api.get("/api/attachments/not-a-number").contentType().startsWith("application/problem+json"));
    }

    @Test
    public void htmlCalledAPictureIsKeptAsBytesAndOnlyDownloaded() throws Exception {
        ApiClient api = api();
        String mid = postDm(api, "7100000002", "Bo Media", "see this", "disguised.png");

        JsonNode attachment = awaitAttachment(api, mid, "STORED");
        assertEquals("the server said image/png; the bytes are HTML", "application/octet-stream",
                attachment.path("mediaType").asText());
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + httpPort() + attachment.path("url").asText()))
                .header("Authorization", "Bearer " + ApiClient.adminToken(home())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("application/octet-stream", served.headers().firstValue("Content-Type").orElse(""));
        assertTrue(served.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    public void mediaOnADisallowedHostAreNeverFetchedAndTheMessageSaysWhy() {
        ApiClient api = api();
        String mid = postDm(api, "7100000003", "Cy Media", "metadata please",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/");

        JsonNode message = message(api, mid);
        assertEquals("metadata please", message.path("text").asText());
        JsonNode attachment = awaitAttachment(api, mid, "FAILED");
        assertTrue(attachment.path("reason").asText(), attachment.path("reason").asText().contains("https only"));
        assertTrue(attachment.path("sha256").isNull());
        assertEquals("http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                attachment.path("sourceUrl").asText());
    }

    @Test
    public void theCustomersNameFillsInFromTheProfileApi() {
        ApiClient api = api();
        String mid = postDm(api, "7100000004", "Dee Profile", "hello", "photo.png");

        JsonNode requester = Await.until("the requester's name from the Messenger profile", Duration.ofSeconds(30),
                () -> {
                    JsonNode r = message(api, mid).path("ticket").path("requester");
                    return "Dee Profile".equals(r.path("displayName").asText()) ? r : null;
                });
        assertTrue(requester.path("avatarUrl").asText().contains("psid=7100000004"));
    }

    /**
     * X serves a DM's picture from ton.twitter.com only to a GET signed with OAuth 1.0a as the
     * receiving user: the sandbox does the same (and checks the signature as X does), so the picture
     * is stored only because social-x signed the download with the account's consumerKey and
     * accessTokenSecret.
     */
    @Test
    public void anXDmPictureIsDownloadedWithAnOAuth1SignatureAndStored() throws Exception {
        ApiClient api = api();
        ApiClient.Reply posted = Await.until("the sandbox taking an X DM", Duration.ofSeconds(30), () -> {
            ApiClient.Reply r = api.post("/sandbox/api/customer-posts?wait=true", "{\"platform\":\"x\",\"kind\":\"dm\","
                    + "\"authorHandle\":\"pic_sender\",\"authorName\":\"Pic Sender\",\"text\":\"my receipt\","
                    + "\"attachment\":\"photo.png\"}");
            return r.status() == 200 ? r : null;
        });
        String dmId = posted.json().get("id").asText();

        JsonNode attachment = Await.until("the X DM's picture stored", Duration.ofSeconds(30), () -> {
            JsonNode a = message(api, "x", dmId).path("attachments").path(0);
            return "STORED".equals(a.path("state").asText()) || "FAILED".equals(a.path("state").asText()) ? a : null;
        });
        assertEquals("the download: " + attachment.path("reason").asText(), "STORED", attachment.path("state").asText());
        assertEquals("image/png", attachment.path("mediaType").asText());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PNG)),
                attachment.path("sha256").asText());
        String source = attachment.path("sourceUrl").asText();
        assertTrue(source, source.matches("http://127\\.0\\.0\\.1:[0-9]+/sandbox/x/1\\.1/ton/data/dm/" + dmId
                + "/[0-9]+/photo\\.png"));

        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(source))
                .header("Authorization", "Bearer sandbox-x-token").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("the stand-in serves DM media to OAuth 1.0a signed requests only", 401, unsigned.statusCode());
        assertTrue(unsigned.body(), unsigned.body().contains("\"code\":32"));
    }
}
