package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An agent's upload on a WhatsApp conversation of the sandbox, through the real REST API: the policy
 * check measures the stored file against WhatsApp's documented limits, and a reply carrying it
 * uploads the agent's bytes to the media endpoint.
 */
@RunWith(PaxExam.class)
public class AgentUploadWhatsAppIT extends ParleyTestSupport {

    private static final String ACCOUNT = "sandbox-whatsapp";
    private static final String NUMBER_ID = "5000000001";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ApiClient api;

    private void start() {
        api = api();
        Await.condition("the WhatsApp account and platform", WAIT, () -> {
            for (JsonNode a : api.get("/api/social/accounts").json().path("accounts")) {
                if (ACCOUNT.equals(a.path("name").asText()) && a.path("platformAvailable").asBoolean(false)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** A WhatsApp customer writes through the sandbox (a signed webhook); returns the ticket id. */
    private long customerTicket(String text) {
        String wa = customer();
        ApiClient.Reply reply = api.post("/sandbox/api/customer-posts?wait=true", "{\"platform\":\"whatsapp\","
                + "\"kind\":\"text\",\"authorId\":\"" + wa + "\",\"authorHandle\":\"wa" + wa + "\",\"authorName\":"
                + "\"Sheena Nelson\",\"text\":\"" + text + "\"}");
        assertEquals(reply.body(), 200, reply.status());
        String wamid = reply.json().get("id").asText();
        return Await.until("the ticket of " + wamid, WAIT, () -> {
            for (JsonNode t : api.get("/api/tickets?channel=whatsapp&limit=100").json().path("tickets")) {
                for (JsonNode m : api.get("/api/tickets/" + t.get("id").asLong()).json().path("messages")) {
                    if (wamid.equals(m.path("externalId").asText())) {
                        return t.get("id").asLong();
                    }
                }
            }
            return null;
        });
    }

    private static String customer() {
        return "49" + ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L);
    }

    /**
     * An agent's own file, uploaded from their computer: the policy check says before sending that a
     * picture over WhatsApp's 5 MB is refused, and one within it goes out as an upload to the media API.
     */
    @Test
    public void anAgentsUploadIsCheckedAgainstWhatsAppsLimitsAndUploaded() {
        start();
        long ticketId = customerTicket("Can you send the label?");
        byte[] big = java.util.Arrays.copyOf(java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="),
                5 * 1024 * 1024 + 1);
        ApiClient.Reply tooBig = api.upload("/api/tickets/" + ticketId + "/attachments?name=label.png",
                "image/png", big);
        assertEquals(tooBig.body(), 201, tooBig.status());
        assertEquals("image/png", tooBig.json().path("mediaType").asText());
        ApiClient.Reply check = api.post("/api/tickets/" + ticketId + "/messages/check", "{\"text\":\"here\","
                + "\"visibility\":\"PRIVATE\",\"attachments\":[{\"attachmentId\":" + tooBig.json().get("attachmentId")
                + "}]}");
        assertEquals(check.body(), 200, check.status());
        assertFalse(check.json().path("allowed").asBoolean());
        assertEquals("attachment-not-allowed", check.json().path("rule").asText());
        assertTrue(check.body(), check.json().path("detail").asText().contains("image of at most 5 MB"));

        byte[] small = java.util.Arrays.copyOf(big, 2048);
        ApiClient.Reply fits = api.upload("/api/tickets/" + ticketId + "/attachments?name=label.png",
                "image/png", small);
        assertEquals(fits.body(), 201, fits.status());
        ApiClient.Reply reply = api.post("/api/tickets/" + ticketId + "/messages", "{\"text\":\"The label\","
                + "\"visibility\":\"PRIVATE\",\"attachments\":[{\"attachmentId\":" + fits.json().get("attachmentId")
                + "}]}");
        assertEquals(reply.body(), 201, reply.status());
        assertEquals("label.png", reply.json().path("attachments").path(0).path("name").asText());
        SandboxClient.awaitDelivery(api, ticketId, reply.json().get("id").asLong(), "SENT", WAIT);
        List<JsonNode> all = new java.util.ArrayList<>();
        api.get("/sandbox/api/sent?platform=whatsapp").json().path("sent").forEach(all::add);
        assertEquals("the agent's bytes uploaded once: " + all, 1, all.stream().filter(c -> c.path("path").asText()
                .equals("/v23.0/" + NUMBER_ID + "/media") && c.path("body").path("file").path("sha256").asText()
                .equals(fits.json().path("sha256").asText())).count());
    }
}
