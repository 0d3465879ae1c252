package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.TicketService;

/**
 * WhatsApp through the real webhook endpoint and the sandbox's WhatsApp number: every message kind
 * becomes the expected ticket message (media downloaded through the media API with the token), a
 * reply reaches the sandbox exactly once in the Cloud API's request shape and the statuses that
 * follow move it to READ, a free-form reply after the 24-hour window is refused before it is stored
 * while a template is validated and sent, the platform's own refusal fails a message with its
 * reason, and a badly signed delivery gets 401 with nothing stored.
 */
@RunWith(PaxExam.class)
public class WhatsAppIT extends ParleyTestSupport {

    private static final String ACCOUNT = "sandbox-whatsapp";
    private static final String NUMBER_ID = "5000000001";
    private static final String SECRET = "sandbox-whatsapp-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private TicketService tickets;

    @Inject
    private CustomerService customers;

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

    @After
    public void resetClock() {
        if (api != null) {
            api.delete("/sandbox/api/clock");
        }
    }

    /** A customer's wa_id of this test alone: the tests share one runtime and database. */
    private static String customer() {
        return "49" + ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L);
    }

    /** Posts as a WhatsApp customer through the sandbox (a signed webhook) and returns the wamid. */
    private String post(String kind, String waId, String text, String extra) {
        String body = "{\"platform\":\"whatsapp\",\"kind\":\"" + kind + "\",\"authorId\":\"" + waId
                + "\",\"authorHandle\":\"wa" + waId + "\",\"authorName\":\"Sheena Nelson\",\"text\":\"" + text + "\""
                + (extra == null ? "" : "," + extra) + "}";
        ApiClient.Reply reply = api.post("/sandbox/api/customer-posts?wait=true", body);
        assertEquals(reply.body(), 200, reply.status());
        assertEquals(reply.body(), "DELIVERED", reply.json().path("deliveries").path(0).path("state").asText());
        return reply.json().get("id").asText();
    }

    private Message awaitMessage(String wamid) {
        return Await.until("message " + wamid, WAIT, () -> tickets.findMessage("whatsapp", wamid).orElse(null));
    }

    private JsonNode restMessage(Message m) {
        return api.get("/api/tickets/" + m.ticketId() + "/messages/" + m.id()).json();
    }

    @Test
    public void everyMessageKindBecomesTheExpectedTicketMessage() {
        start();
        String wa = customer();
        Message text = awaitMessage(post("text", wa, "Where is my order?", null));
        assertEquals("Where is my order?", text.text());
        assertEquals("PRIVATE", text.visibility().name());
        JsonNode requester = api.get("/api/tickets/" + text.ticketId()).json().path("requester");
        assertEquals("the customer is named by their WhatsApp profile", "Sheena Nelson",
                requester.path("displayName").asText());

        Message image = awaitMessage(post("image", wa, "the broken part", "\"attachment\":\"photo.png\""));
        assertEquals("the broken part", image.text());
        assertEquals("one conversation per customer", text.ticketId(), image.ticketId());
        JsonNode stored = Await.until("the image downloaded through the media API", WAIT, () -> {
            JsonNode a = restMessage(image).path("attachments").path(0);
            return "STORED".equals(a.path("state").asText()) ? a : null;
        });
        assertEquals("image/png", stored.path("mediaType").asText());
        assertTrue("kept by its media id, looked up when downloaded: " + stored.path("sourceUrl").asText(),
                stored.path("sourceUrl").asText().matches("http://127\\.0\\.0\\.1:[0-9]+/sandbox/whatsapp/v23\\.0/[0-9]+"));

        Message document = awaitMessage(post("document", wa, "", "\"attachment\":\"document.pdf\""));
        assertEquals("[document: document.pdf]", document.text());
        Await.until("the PDF stored", WAIT, () -> "STORED".equals(restMessage(document).path("attachments").path(0)
                .path("state").asText()) ? Boolean.TRUE : null);
        assertEquals("[voice message]", awaitMessage(post("audio", wa, "", null)).text());
        assertEquals(1, awaitMessage(post("video", wa, "clip", null)).attachments().size());
        assertEquals(1, awaitMessage(post("sticker", wa, "", null)).attachments().size());
        assertEquals("[Location: Our shop, 1 Sandbox Street (52.52, 13.405)]",
                awaitMessage(post("location", wa, "Our shop", null)).text());
        assertEquals("[Contact: Barbara Johnson, +1 (940) 555-1234]", awaitMessage(post("contacts", wa, "", null)).text());
        Message button = awaitMessage(post("button_reply", wa, "Cancel order", "\"payload\":\"cancel-42\""));
        assertEquals("Cancel order", button.text());
        Message list = awaitMessage(post("list_reply", wa, "Express", "\"payload\":\"express\""));
        assertEquals("Express — Sandbox row", list.text());
        assertEquals("Stop promotions", awaitMessage(post("button", wa, "Stop promotions", null)).text());
        Message unsupported = awaitMessage(post("unsupported", wa, "", null));
        assertTrue(unsupported.text(), unsupported.text().startsWith("[unsupported message: Message type unknown (131051)"));
        Message quoted = awaitMessage(post("text", wa, "about that one", "\"inReplyTo\":\"" + text.externalId().get() + "\""));
        assertEquals(text.externalId().get(), quoted.properties().get("social.inReplyToId"));

        post("reaction", wa, "\uD83D\uDC4D", "\"inReplyTo\":\"" + text.externalId().get() + "\"");
        Await.condition("the reaction recorded on the message it is about", WAIT, () -> "\uD83D\uDC4D".equals(
                tickets.getMessage(text.id()).orElseThrow().properties().get("social.reaction")));
        String system = post("system", wa, "", null);
        long count = tickets.get(text.ticketId()).orElseThrow().messages().size();
        assertTrue("a system notice is no ticket message", tickets.findMessage("whatsapp", system).isEmpty());
        assertEquals(count, tickets.get(text.ticketId()).orElseThrow().messages().size());
    }

    private List<JsonNode> sent(String text) {
        List<JsonNode> calls = new java.util.ArrayList<>();
        api.get("/sandbox/api/sent?platform=whatsapp").json().path("sent").forEach(calls::add);
        return calls.stream().filter(call -> text.equals(call.path("body").path("text").path("body").asText(null))).toList();
    }

    @Test
    public void aReplyReachesWhatsAppOnceQuotingTheMessageAndStatusesMoveItToRead() {
        start();
        String wa = customer();
        Message asked = awaitMessage(post("text", wa, "Can I change the address?", null));
        ApiClient.Reply reply = api.post("/api/tickets/" + asked.ticketId() + "/messages", "{\"text\":\"Yes, send it "
                + "to us\",\"visibility\":\"PRIVATE\",\"inReplyTo\":" + asked.id() + "}");
        assertEquals(reply.body(), 201, reply.status());
        long id = reply.json().get("id").asLong();
        JsonNode sentMessage = SandboxClient.awaitDelivery(api, asked.ticketId(), id, "SENT", WAIT);
        String wamid = sentMessage.get("deliveryDetail").asText();
        assertTrue(wamid, wamid.startsWith("wamid."));

        List<JsonNode> calls = sent("Yes, send it to us");
        assertEquals("sent exactly once", 1, calls.size());
        JsonNode call = calls.get(0);
        assertEquals("POST", call.path("method").asText());
        assertEquals("/v23.0/" + NUMBER_ID + "/messages", call.path("path").asText());
        JsonNode body = call.path("body");
        assertEquals("whatsapp", body.path("messaging_product").asText());
        assertEquals(wa, body.path("to").asText());
        assertEquals("text", body.path("type").asText());
        assertEquals("the reply quotes the customer's message", asked.externalId().get(),
                body.path("context").path("message_id").asText());

        JsonNode read = SandboxClient.awaitDelivery(api, asked.ticketId(), id, "READ", WAIT);
        assertEquals("the platform id stays the detail", wamid, read.get("deliveryDetail").asText());
        assertEquals(1, sent("Yes, send it to us").size());
    }

    /** A customer message 25 hours old, straight to the webhook in WhatsApp's shape, signed with the app secret. */
    private HttpResponse<String> postOld(String wamid, String waId, String text, String signingSecret) {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"6000000001\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550100001\","
                + "\"phone_number_id\":\"" + NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"Old Timer\"},\"wa_id\":\""
                + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":\"" + wamid + "\",\"timestamp\":\""
                + Instant.now().minus(Duration.ofHours(25)).getEpochSecond() + "\",\"type\":\"text\",\"text\":{\"body\":\""
                + text + "\"}}]},\"field\":\"messages\"}]}]}";
        return new SignedWebhooks(httpPort()).post("/webhooks/whatsapp/" + ACCOUNT, body, "X-Hub-Signature-256",
                SignedWebhooks.metaSignature(signingSecret, body));
    }

    @Test
    public void after24HoursAFreeFormReplyIsRefusedAndAConfiguredTemplateIsSent() {
        start();
        String wa = customer();
        String wamid = "wamid.old" + wa;
        assertEquals(200, postOld(wamid, wa, "Hello from yesterday", SECRET).statusCode());
        Message old = awaitMessage(wamid);
        int before = api.get("/sandbox/api/sent?platform=whatsapp").json().path("sent").size();

        ApiClient.Reply refused = api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"text\":\"Sorry for the wait\",\"visibility\":\"PRIVATE\"}");
        assertEquals(refused.body(), 422, refused.status());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        assertEquals("messaging-window-closed", refused.json().get("rule").asText());
        assertTrue(refused.body(), refused.json().get("remedy").asText().contains("order_update (en_US, 2 parameters)"));
        assertTrue("a refused reply is not stored", tickets.get(old.ticketId()).orElseThrow().messages().stream()
                .noneMatch(m -> m.text().equals("Sorry for the wait")));

        ApiClient.Reply wrong = api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"template\":{\"name\":\"order_update\",\"language\":\"en_US\",\"parameters\":[\"only one\"]}}");
        assertEquals(wrong.body(), 422, wrong.status());
        assertEquals("template-parameters", wrong.json().get("rule").asText());
        ApiClient.Reply unknown = api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"template\":{\"name\":\"no_such_template\",\"language\":\"en_US\",\"parameters\":[]}}");
        assertEquals(unknown.body(), 422, unknown.status());
        assertEquals("template-not-configured", unknown.json().get("rule").asText());
        assertEquals(400, api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"template\":{\"name\":\"Bad Name\",\"language\":\"en_US\"}}").status());
        assertEquals("nothing refused reached WhatsApp", before,
                api.get("/sandbox/api/sent?platform=whatsapp").json().path("sent").size());

        ApiClient.Reply template = api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"template\":{\"name\":\"order_update\",\"language\":\"en_US\",\"parameters\":[\"Old Timer\",\"A-42\"]}}");
        assertEquals(template.body(), 201, template.status());
        assertEquals("[template order_update (en_US): Old Timer | A-42]", template.json().get("text").asText());
        long id = template.json().get("id").asLong();
        SandboxClient.awaitDelivery(api, old.ticketId(), id, "READ", WAIT);
        List<JsonNode> all = new java.util.ArrayList<>();
        api.get("/sandbox/api/sent?platform=whatsapp").json().path("sent").forEach(all::add);
        List<JsonNode> calls = all.stream().filter(c -> "template".equals(c.path("body").path("type").asText())
                && wa.equals(c.path("body").path("to").asText())).toList();
        assertEquals(1, calls.size());
        JsonNode t = calls.get(0).path("body").path("template");
        assertEquals("order_update", t.path("name").asText());
        assertEquals("en_US", t.path("language").path("code").asText());
        assertEquals("A-42", t.path("components").path(0).path("parameters").path(1).path("text").asText());
    }

    @Test
    public void whatsAppsOwnRefusalsFailTheMessageWithItsReason() {
        start();
        String wa = customer();
        Message asked = awaitMessage(post("text", wa, "Still there?", null));
        // the sandbox's clock moves past its window; the connector's does not: WhatsApp itself refuses (131047)
        assertEquals(200, api.post("/sandbox/api/clock", "{\"advanceSeconds\":" + 25 * 3600 + "}").status());
        ApiClient.Reply reply = api.post("/api/tickets/" + asked.ticketId() + "/messages",
                "{\"text\":\"Yes, here\",\"visibility\":\"PRIVATE\"}");
        assertEquals(reply.body(), 201, reply.status());
        JsonNode failed = SandboxClient.awaitDelivery(api, asked.ticketId(), reply.json().get("id").asLong(), "FAILED", WAIT);
        assertTrue(failed.toString(), failed.get("deliveryDetail").asText().contains("131047"));
        assertEquals("refused once, not retried", 1, sent("Yes, here").size());
    }

    @Test
    public void aBadSignatureGets401AndNothingIsStoredAndTheVerificationNeedsTheToken() throws Exception {
        start();
        String wa = customer();
        String wamid = "wamid.forged" + wa;
        HttpResponse<String> forged = postOld(wamid, wa, "forged", "not-the-app-secret");
        assertEquals(401, forged.statusCode());
        HttpResponse<String> unsigned = new SignedWebhooks(httpPort()).post("/webhooks/whatsapp/" + ACCOUNT, "{}", null, null);
        assertEquals(401, unsigned.statusCode());
        Thread.sleep(500); // nothing is coming: give a wrongly stored message the time it would need
        assertFalse(tickets.findMessage("whatsapp", wamid).isPresent());

        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        HttpResponse<String> ok = hooks.get("/webhooks/whatsapp/" + ACCOUNT
                + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=sandbox-whatsapp-verify");
        assertEquals(200, ok.statusCode());
        assertEquals("1158201444", ok.body());
        assertEquals(403, hooks.get("/webhooks/whatsapp/" + ACCOUNT
                + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong").statusCode());
        JsonNode check = api.post("/sandbox/api/webhook-checks?platform=whatsapp", "").json();
        assertTrue(check.toString(), check.path("ok").asBoolean());
    }

    /**
     * The account's templates come from its business account's message_templates list too: one only
     * WhatsApp lists is sent, a PENDING one is refused with its status, a wrong parameter count with
     * the count the body's placeholders ask for.
     */
    @Test
    public void templatesAreFetchedFromTheBusinessAccountAndOnlyApprovedOnesAreSent() {
        start();
        String wa = customer();
        String wamid = "wamid.tpl" + wa;
        assertEquals(200, postOld(wamid, wa, "Any news?", SECRET).statusCode());
        Message old = awaitMessage(wamid);

        ApiClient.Reply closed = api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"text\":\"Sorry for the wait\",\"visibility\":\"PRIVATE\"}");
        assertEquals(closed.body(), 422, closed.status());
        String remedy = closed.json().path("remedy").asText();
        assertTrue("WhatsApp's approved template is offered: " + remedy, remedy.contains("shipping_delay (en_US, 1 parameter)"));
        assertFalse("a PENDING template is not offered: " + remedy, remedy.contains("spring_sale"));

        ApiClient.Reply pending = api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"template\":{\"name\":\"spring_sale\",\"language\":\"en\",\"parameters\":[\"20%\"]}}");
        assertEquals(pending.body(), 422, pending.status());
        assertEquals("template-not-approved", pending.json().path("rule").asText());
        assertTrue(pending.body(), pending.json().path("detail").asText().contains("PENDING"));
        ApiClient.Reply count = api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"template\":{\"name\":\"shipping_delay\",\"language\":\"en_US\",\"parameters\":[\"a\",\"b\"]}}");
        assertEquals(count.body(), 422, count.status());
        assertEquals("template-parameters", count.json().path("rule").asText());

        ApiClient.Reply sent = api.post("/api/tickets/" + old.ticketId() + "/messages",
                "{\"template\":{\"name\":\"shipping_delay\",\"language\":\"en_US\",\"parameters\":[\"2 days\"]}}");
        assertEquals(sent.body(), 201, sent.status());
        SandboxClient.awaitDelivery(api, old.ticketId(), sent.json().get("id").asLong(), "SENT", WAIT);
        List<JsonNode> calls = new java.util.ArrayList<>();
        api.get("/sandbox/api/sent?platform=whatsapp").json().path("sent").forEach(c -> {
            if ("shipping_delay".equals(c.path("body").path("template").path("name").asText())
                    && wa.equals(c.path("body").path("to").asText())) {
                calls.add(c);
            }
        });
        assertEquals(1, calls.size());
        assertEquals("2 days", calls.get(0).at("/body/template/components/0/parameters/0/text").asText());
    }

    /**
     * A customer's image, kept by Parley, goes back as an upload: POST /{phone_number_id}/media
     * (multipart, the stored bytes), then the message names the media id; files over WhatsApp's
     * limits or of types it does not take are refused before they are stored.
     */
    @Test
    public void aStoredImageIsUploadedToTheMediaApiAndSentByItsId() {
        start();
        String wa = customer();
        Message image = awaitMessage(post("image", wa, "this one?", "\"attachment\":\"photo.png\""));
        JsonNode stored = Await.until("the image stored", WAIT, () -> {
            JsonNode a = restMessage(image).path("attachments").path(0);
            return "STORED".equals(a.path("state").asText()) ? a : null;
        });
        long attachmentId = stored.path("id").asLong();

        ApiClient.Reply reply = api.post("/api/tickets/" + image.ticketId() + "/messages", "{\"text\":\"Yes, that "
                + "one\",\"visibility\":\"PRIVATE\",\"attachments\":[{\"attachmentId\":" + attachmentId + "}]}");
        assertEquals(reply.body(), 201, reply.status());
        SandboxClient.awaitDelivery(api, image.ticketId(), reply.json().get("id").asLong(), "SENT", WAIT);
        List<JsonNode> all = new java.util.ArrayList<>();
        api.get("/sandbox/api/sent?platform=whatsapp").json().path("sent").forEach(all::add);
        List<JsonNode> uploads = all.stream().filter(c -> c.path("path").asText().equals("/v23.0/" + NUMBER_ID
                + "/media") && c.path("body").path("file").path("sha256").asText().equals(stored.path("sha256").asText()))
                .toList();
        assertEquals("uploaded once, the stored bytes: " + all, 1, uploads.size());
        JsonNode form = uploads.get(0).path("body");
        assertEquals("whatsapp", form.path("messaging_product").asText());
        assertEquals("image/png", form.path("type").asText());
        String mediaId = uploads.get(0).path("returnedId").asText();
        List<JsonNode> sends = all.stream().filter(c -> wa.equals(c.path("body").path("to").asText())
                && "image".equals(c.path("body").path("type").asText())).toList();
        assertEquals(1, sends.size());
        JsonNode sentImage = sends.get(0).path("body").path("image");
        assertEquals("Yes, that one", sentImage.path("caption").asText());
        assertFalse("sent by id, not by a link: " + sentImage, sentImage.has("link"));
        assertEquals("the message names the uploaded media id", mediaId, sentImage.path("id").asText());

        ApiClient.Reply tooBig = api.post("/api/tickets/" + image.ticketId() + "/messages", "{\"text\":\"big\","
                + "\"visibility\":\"PRIVATE\",\"attachments\":[{\"mediaType\":\"image/png\",\"url\":"
                + "\"https://example.com/big.png\",\"sizeBytes\":" + (6L << 20) + "}]}");
        assertEquals(tooBig.body(), 422, tooBig.status());
        assertEquals("attachment-not-allowed", tooBig.json().path("rule").asText());
        assertTrue(tooBig.body(), tooBig.json().path("detail").asText().contains("image of at most 5 MB"));
        ApiClient.Reply zip = api.post("/api/tickets/" + image.ticketId() + "/messages", "{\"text\":\"zip\","
                + "\"visibility\":\"PRIVATE\",\"attachments\":[{\"mediaType\":\"application/zip\",\"url\":"
                + "\"https://example.com/a.zip\",\"sizeBytes\":1000}]}");
        assertEquals(zip.body(), 422, zip.status());
        assertTrue(zip.body(), zip.json().path("detail").asText().contains("application/zip"));
    }

    private long ignored(String rawType) {
        return api.get("/api/social/inbox").json().path("ignored").path(rawType).asLong(0);
    }

    /**
     * Payloads of Meta's webhook reference beyond the plain message kinds, through the signed
     * webhook: a delivery with one unreadable message still stores the good one beside it (and
     * counts the other as ignored), an order, a completed Flow and a message from an ad are the
     * customer's messages with their facts, a customer known only by a business-scoped user id is
     * answered by it, a message sent from the WhatsApp Business app is recorded as outgoing, a number
     * change makes the new number the same customer on the same ticket, value.errors and template
     * status updates are acknowledged and counted, and a delivery
     * for a number not configured here is acknowledged without storing anything as ours.
     */
    @Test
    public void documentedPayloadsBeyondThePlainKindsHaveTheirDocumentedOutcome() {
        start();
        String wa = customer();
        long malformedBefore = ignored("whatsapp.malformed.message");
        Message good = awaitMessage(post("malformed", wa, "the good one", null));
        assertEquals("the good one", good.text());
        Await.condition("the unreadable message counted as ignored", WAIT,
                () -> ignored("whatsapp.malformed.message") > malformedBefore);

        Message order = awaitMessage(post("order", wa, "before Friday", null));
        assertEquals("[Order: 2 × sku-42 at 19.99 EUR]\nbefore Friday", order.text());
        assertEquals(good.ticketId(), order.ticketId());
        Message flow = awaitMessage(post("flow", wa, "", null));
        assertEquals("[form sent]", flow.text());
        assertTrue(flow.properties().toString(), flow.properties().get("social.whatsapp.flow.response").contains("rating"));
        Message ad = awaitMessage(post("referral", wa, "Is it still on?", null));
        assertEquals("120226305854810726", ad.properties().get("social.referral.adId"));

        String echo = post("app_echo", wa, "answered from the app", null);
        Message outgoing = awaitMessage(echo);
        assertEquals("recorded on the customer's ticket", good.ticketId(), outgoing.ticketId());
        assertEquals(dev.parley.helpdesk.api.Direction.OUTBOUND, outgoing.direction());

        long errorsBefore = ignored("whatsapp.errors");
        long templatesBefore = ignored("whatsapp.changes.message_template_status_update");
        post("errors", wa, "", null);
        post("template_status", wa, "", null);
        Await.condition("the errors and the template update counted", WAIT,
                () -> ignored("whatsapp.errors") > errorsBefore
                        && ignored("whatsapp.changes.message_template_status_update") > templatesBefore);

        // the customer changes number: the new number is the same customer on the same ticket
        String newNumber = customer();
        String system = post("system", wa, "", "\"payload\":\"" + newNumber + "\"");
        long requester = tickets.get(good.ticketId()).orElseThrow().requester().id();
        Await.condition("the customer also known by the new number", WAIT, () -> customers.findByIdentity("whatsapp",
                newNumber).map(c -> c.id() == requester).orElse(false));
        assertFalse("a number change is no ticket message", tickets.findMessage("whatsapp", system).isPresent());
        Message fromNewNumber = awaitMessage(post("text", newNumber, "it's me, new phone", null));
        assertEquals("the new number continues the ticket", good.ticketId(), fromNewNumber.ticketId());

        // a customer with a username, known by a business-scoped user id alone, answered by it
        ApiClient.Reply posted = api.post("/sandbox/api/customer-posts?wait=true", "{\"platform\":\"whatsapp\","
                + "\"kind\":\"username\",\"authorHandle\":\"bsuid" + wa + "\",\"authorName\":\"Bob\",\"text\":"
                + "\"hello from a username\"}");
        assertEquals(posted.body(), 200, posted.status());
        String userId = posted.json().path("conversationId").asText();
        assertTrue(posted.body(), userId.startsWith("US."));
        Message byUserId = awaitMessage(posted.json().get("id").asText());
        ApiClient.Reply reply = api.post("/api/tickets/" + byUserId.ticketId() + "/messages",
                "{\"text\":\"Hi Bob\",\"visibility\":\"PRIVATE\"}");
        assertEquals(reply.body(), 201, reply.status());
        SandboxClient.awaitDelivery(api, byUserId.ticketId(), reply.json().get("id").asLong(), "SENT", WAIT);
        List<JsonNode> calls = sent("Hi Bob").stream().filter(c -> userId.equals(c.path("body").path("recipient").asText()))
                .toList();
        assertEquals("sent once, by 'recipient': " + sent("Hi Bob"), 1, calls.size());
        assertFalse(calls.get(0).path("body").has("to"));

        // one app, several numbers: a number not configured here is acknowledged (Meta would redeliver a refusal)
        String other = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"6000000001\",\"changes\":[{"
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550109999\","
                + "\"phone_number_id\":\"5999999999\"},\"contacts\":[{\"profile\":{\"name\":\"X\"},\"wa_id\":\"" + wa
                + "\"}],\"messages\":[{\"from\":\"" + wa + "\",\"id\":\"wamid.other" + wa + "\",\"timestamp\":\""
                + Instant.now().getEpochSecond() + "\",\"type\":\"text\",\"text\":{\"body\":\"elsewhere\"}}]},"
                + "\"field\":\"messages\"}]}]}";
        HttpResponse<String> unrouted = new SignedWebhooks(httpPort()).post("/webhooks/whatsapp/" + ACCOUNT, other,
                "X-Hub-Signature-256", SignedWebhooks.metaSignature(SECRET, other));
        assertEquals(unrouted.body(), 200, unrouted.statusCode());
        assertTrue(unrouted.body(), unrouted.body().contains("\"unrouted\":1"));
        assertFalse(tickets.findMessage("whatsapp", "wamid.other" + wa).isPresent());
    }

    /** A message in a WhatsApp group is public on the group's ticket; the answer goes to the group. */
    @Test
    public void aGroupMessageIsAnsweredInTheGroup() {
        start();
        String wa = customer();
        String group = "1203630" + wa;
        Message inGroup = awaitMessage(post("group", wa, "anyone there?", "\"payload\":\"" + group + "\""));
        assertEquals("PUBLIC", inGroup.visibility().name());
        ApiClient.Reply reply = api.post("/api/tickets/" + inGroup.ticketId() + "/messages",
                "{\"text\":\"Yes, we are\",\"visibility\":\"PUBLIC\"}");
        assertEquals(reply.body(), 201, reply.status());
        SandboxClient.awaitDelivery(api, inGroup.ticketId(), reply.json().get("id").asLong(), "SENT", WAIT);
        List<JsonNode> calls = sent("Yes, we are");
        assertEquals(1, calls.size());
        assertEquals("group", calls.get(0).path("body").path("recipient_type").asText());
        assertEquals(group, calls.get(0).path("body").path("to").asText());
    }

    /**
     * An agent's own file, uploaded from their computer: the policy check says before sending that a
     * picture over WhatsApp's 5 MB is refused, and one within it goes out as an upload to the media API.
     */
    @Test
    public void anAgentsUploadIsCheckedAgainstWhatsAppsLimitsAndUploaded() {
        start();
        long ticketId = awaitMessage(post("text", customer(), "Can you send the label?", null)).ticketId();
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
