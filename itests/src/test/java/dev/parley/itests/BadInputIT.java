package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Bad input on the REST API answers a 4xx problem+json naming what was wrong, and stores nothing:
 * null and array bodies, duplicate keys, lone surrogates, overflowing numbers, and attachment URLs
 * that point inside the network or at other schemes.
 */
@RunWith(PaxExam.class)
public class BadInputIT extends ParleyTestSupport {

    private static final String TICKET = "{\"subject\":\"My bag\",\"requester\":{\"name\":\"Ann\",\"email\":\"ann@example.com\"}}";

    @Test
    public void nullArrayAndMistypedBodiesAre400AndStoreNothing() {
        ApiClient api = api();
        int before = api.get("/api/tickets?limit=200").json().path("tickets").size();
        for (String body : List.of("null", "[null]", "[]", "\"text\"", "42", "{\"subject\":null}",
                "{\"subject\":\"a\",\"subject\":\"b\",\"requester\":{\"email\":\"ann@example.com\"}}",
                "{\"subject\":\"\\ud800\",\"requester\":{\"email\":\"ann@example.com\"}}",
                "{\"subject\":\"a\",\"requester\":{\"id\":99999999999999999999999}}",
                "{\"subject\":\"a\",\"requester\":{\"email\":\"ann@example.com\"},\"priority\":7}")) {
            ApiClient.Reply reply = api.post("/api/tickets", body);
            assertEquals(body + " -> " + reply.body(), 400, reply.status());
            assertTrue(body, reply.contentType().startsWith("application/problem+json"));
        }
        long id = api.post("/api/tickets", TICKET).json().path("id").asLong();
        for (String body : List.of("null", "[null]", "{\"text\":\"hi\",\"visibility\":\"PUBLIC\",\"attachments\":[null]}")) {
            ApiClient.Reply reply = api.post("/api/tickets/" + id + "/messages", body);
            assertEquals(body + " -> " + reply.body(), 400, reply.status());
        }
        assertEquals(400, api.patch("/api/tickets/" + id, "null").status());
        assertEquals(400, api.get("/api/tickets?limit=4294967297").status());
        assertEquals(400, api.get("/api/tickets?updatedSince=yesterday").status());
        assertEquals(400, api.get("/api/tickets?requester=99999999999999999999").status());
        assertEquals(before + 1, api.get("/api/tickets?limit=200").json().path("tickets").size());
        assertEquals(0, api.get("/api/tickets/" + id + "/messages").json().path("messages").size());
    }

    @Test
    public void aReplyAnswersOnlyAMessageOfItsOwnTicket() {
        ApiClient api = api();
        String described = "{\"subject\":\"My bag\",\"requester\":{\"email\":\"ann@example.com\"},\"description\":\"help\"}";
        long mine = api.post("/api/tickets", described).json().path("id").asLong();
        long other = api.post("/api/tickets", described).json().path("id").asLong();
        long otherMessage = api.get("/api/tickets/" + other + "/messages").json().path("messages").get(0).path("id").asLong();
        long myMessage = api.get("/api/tickets/" + mine + "/messages").json().path("messages").get(0).path("id").asLong();
        for (long answered : List.of(otherMessage, 999_999_999L)) {
            ApiClient.Reply refused = api.post("/api/tickets/" + mine + "/messages",
                    "{\"text\":\"see\",\"visibility\":\"PUBLIC\",\"inReplyTo\":" + answered + "}");
            assertEquals(refused.body(), 400, refused.status());
            assertEquals("inReplyTo", refused.json().path("field").asText());
        }
        assertEquals(1, api.get("/api/tickets/" + mine + "/messages").json().path("messages").size());
        assertEquals(404, api.post("/api/tickets/999999999/messages", "{\"text\":\"see\",\"visibility\":\"PUBLIC\"}")
                .status());
        ApiClient.Reply ok = api.post("/api/tickets/" + mine + "/messages",
                "{\"text\":\"see\",\"visibility\":\"PUBLIC\",\"inReplyTo\":" + myMessage + "}");
        assertEquals(ok.body(), 201, ok.status());
        assertEquals(Long.toString(myMessage), ok.json().path("properties").path("parley.inReplyTo").asText());
    }

    @Test
    public void attachmentUrlsOnlyReachPublicHttpHosts() {
        ApiClient api = api();
        long id = api.post("/api/tickets", TICKET).json().path("id").asLong();
        for (String url : List.of("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>",
                "http://169.254.169.254/latest/meta-data/", "http://localhost:8080/api/plugins", "http://127.0.0.1/",
                "http://[::1]/", "http://[::ffff:169.254.169.254]/", "http://10.1.2.3/a.png", "http://192.168.1.1/",
                "http://0x7f000001/", "http://2130706433/", "http://0177.0.0.1/", "http://metadata/computeMetadata",
                "http://printer.local/x", "https://user:secret@example.com/a.png", "ftp://example.com/a.png")) {
            ApiClient.Reply reply = api.post("/api/tickets/" + id + "/messages", "{\"text\":\"see\",\"visibility\":"
                    + "\"PUBLIC\",\"attachments\":[{\"mediaType\":\"image/png\",\"url\":\"" + url + "\"}]}");
            assertEquals(url + " -> " + reply.body(), 400, reply.status());
            assertEquals(url, "attachments[0].url", reply.json().path("field").asText());
        }
        assertEquals(0, api.get("/api/tickets/" + id + "/messages").json().path("messages").size());
        ApiClient.Reply ok = api.post("/api/tickets/" + id + "/messages", "{\"text\":\"see\",\"visibility\":"
                + "\"PUBLIC\",\"attachments\":[{\"mediaType\":\"image/png\",\"url\":\"https://cdn.example.com/a.png\"}]}");
        assertEquals(ok.body(), 201, ok.status());
    }
}
