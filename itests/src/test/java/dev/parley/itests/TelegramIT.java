package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.Attachment;
import dev.parley.helpdesk.api.AttachmentState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.Visibility;

/**
 * The Telegram plugin through its real entry points: the sandbox bot's customers write in a
 * private chat and in a group, and each update kind reaches /webhooks/telegram/sandbox-telegram with
 * the bot's secret token (or waits for getUpdates once the bot's webhook is deleted) and becomes its
 * ticket message; replies leave once through sendMessage in the Bot API's shape; a wrong secret
 * token is refused with nothing stored; a restarted poller goes on from its stored offset.
 */
@RunWith(PaxExam.class)
public class TelegramIT extends ParleyTestSupport {

    private static final String ACCOUNT = "sandbox-telegram";
    private static final String TOKEN = "7000000001:sandbox-telegram-token";
    private static final String SECRET = "sandbox-telegram-secret";
    private static final String GROUP = "-1001000000001";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private TicketService tickets;

    private ApiClient api;
    private SandboxClient sandbox;

    private void start() {
        api = api();
        sandbox = new SandboxClient(api);
        Await.condition("the Telegram platform and the sandbox bot", WAIT, () -> api.get("/sandbox/api/accounts")
                .status() == 200 && webhook("{}", null).statusCode() == 401); // 404 until account and plugin are up
    }

    private static String someone() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L));
    }

    /** A customer's post to the sandbox bot; returns its id (chat:message, callback:…, update:…). */
    private String post(String kind, String authorId, String text, String extra) {
        String body = "{\"platform\":\"telegram\",\"kind\":\"" + kind + "\",\"authorId\":\"" + authorId
                + "\",\"authorHandle\":\"c" + authorId + "\",\"authorName\":\"Customer " + authorId + "\""
                + (text == null ? "" : ",\"text\":\"" + text + "\"") + (extra == null ? "" : "," + extra) + "}";
        ApiClient.Reply reply = api.post("/sandbox/api/customer-posts?wait=true", body);
        assertEquals(reply.body(), 200, reply.status());
        for (JsonNode delivery : reply.json().path("deliveries")) {
            assertEquals(delivery.toString(), 200, delivery.path("status").asInt());
        }
        return reply.json().get("id").asText();
    }

    private Message awaitMessage(String externalId) {
        return Await.until("Telegram message " + externalId + " on a ticket", WAIT,
                () -> tickets.findMessage("telegram", externalId).orElse(null));
    }

    private Attachment awaitAttachment(String externalId) {
        return Await.until("the attachment of " + externalId + " settled", WAIT, () -> {
            Attachment a = awaitMessage(externalId).attachments().get(0);
            return a.state().filter(s -> s != AttachmentState.PENDING).isPresent() ? a : null;
        });
    }

    private HttpResponse<String> webhook(String body, String secret) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort()
                + "/webhooks/telegram/" + ACCOUNT)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for SENT; a timeout says what the message and the sandbox's records show. */
    private JsonNode awaitSent(long ticket, ApiClient.Reply reply) {
        long id = reply.json().get("id").asLong();
        try {
            return SandboxClient.awaitDelivery(api, ticket, id, "SENT", WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; message: " + api.get("/api/tickets/" + ticket + "/messages/"
                    + id).body() + "; sent: " + sandbox.sent("telegram"), e);
        }
    }

    private static long messageIdOf(String externalId) {
        return Long.parseLong(externalId.substring(externalId.lastIndexOf(':') + 1));
    }

    @Test
    public void everyUpdateKindBecomesTheExpectedTicketMessage() {
        start();
        String ann = someone();
        String first = post("message", ann, "my parcel is late", null);
        Message text = awaitMessage(first);
        assertEquals("my parcel is late", text.text());
        assertEquals(Visibility.PRIVATE, text.visibility());
        assertEquals(ACCOUNT, text.properties().get("social.account"));
        assertEquals(ann, text.properties().get("social.conversationKey"));
        assertEquals("c" + ann, text.properties().get("social.authorHandle"));

        String photo = post("message", ann, "the box", "\"attachment\":\"photo.png\",\"attachmentType\":\"image\"");
        Attachment picture = awaitAttachment(photo);
        assertEquals("getFile, then the file URL: " + picture.reason(), Optional.of(AttachmentState.STORED),
                picture.state());
        assertEquals("image/png", picture.mediaType());
        String source = picture.sourceUrl().orElseThrow();
        assertTrue(source, source.startsWith("telegram-file:"));
        assertFalse("the bot token is never kept", source.contains("sandbox-telegram-token"));
        assertEquals("the box", awaitMessage(photo).text());

        String document = post("message", ann, "my invoice", "\"attachment\":\"document.pdf\",\"attachmentType\":\"file\"");
        assertEquals("application/pdf", awaitAttachment(document).mediaType());
        String sticker = post("sticker", ann, null, null);
        assertEquals(Optional.of(AttachmentState.STORED), awaitAttachment(sticker).state());

        String bo = someone();
        String chatter = post("group_chatter", bo, "anyone else waiting?", null);
        String mention = post("group_mention", bo, "where is order 42?", null);
        Message inGroup = awaitMessage(mention);
        assertEquals(Visibility.PUBLIC, inGroup.visibility());
        assertEquals("@acme_support_bot where is order 42?", inGroup.text());
        assertEquals(GROUP + ":" + bo, inGroup.properties().get("social.conversationKey"));
        assertTrue("group talk not for the bot is never stored", tickets.findMessage("telegram", chatter).isEmpty());

        post("edit", ann, "my parcel is very late", "\"inReplyTo\":\"" + first + "\"");
        Message edited = Await.until("the edit of " + first, WAIT, () -> tickets.findMessage("telegram", first)
                .filter(m -> m.text().equals("my parcel is very late")).orElse(null));
        assertEquals("my parcel is late", edited.properties().get("social.previousText.1"));

        String tap = post("button", ann, "It is late", "\"payload\":\"order:42:late\"");
        Message button = awaitMessage(tap);
        assertEquals("It is late", button.text());
        assertEquals("order:42:late", button.properties().get("social.payload"));
        long ticket = text.ticketId();
        assertEquals("one private chat is one ticket", ticket, button.ticketId());

        post("block", ann, null, null);
        Await.condition("the block recorded on the conversation", WAIT, () -> tickets.get(ticket).orElseThrow()
                .messages().stream().anyMatch(m -> "true".equals(m.properties().get("social.blocked"))));
        ApiClient.Reply refused = api.post("/api/tickets/" + ticket + "/messages",
                "{\"text\":\"Are you still there?\",\"visibility\":\"PRIVATE\"}");
        assertEquals(refused.body(), 422, refused.status());
        assertTrue(refused.body(), refused.body().contains("recipient-blocked"));
        assertTrue(refused.contentType().startsWith("application/problem+json"));

        post("unblock", ann, null, null);
        Await.condition("the unblock recorded", WAIT, () -> tickets.get(ticket).orElseThrow().messages().stream()
                .anyMatch(m -> "false".equals(m.properties().get("social.blocked"))));
        ApiClient.Reply accepted = api.post("/api/tickets/" + ticket + "/messages",
                "{\"text\":\"Welcome back\",\"visibility\":\"PRIVATE\"}");
        assertEquals(accepted.body(), 201, accepted.status());
        awaitSent(ticket, accepted);
        assertEquals(0, api.get("/api/social/inbox").json().path("parked").asLong());
    }

    @Test
    public void aReplyReachesTheSandboxExactlyOnceInTheRealShape() {
        start();
        String bo = someone();
        String mention = post("group_mention", bo, "my order 77 is missing", null);
        long groupTicket = awaitMessage(mention).ticketId();
        ApiClient.Reply reply = api.post("/api/tickets/" + groupTicket + "/messages",
                "{\"text\":\"Sorry Bo, checking order 77\",\"visibility\":\"PUBLIC\"}");
        assertEquals(reply.body(), 201, reply.status());
        JsonNode sent = awaitSent(groupTicket, reply);
        List<JsonNode> calls = sandbox.sent("telegram", SandboxClient.withText("Sorry Bo, checking order 77"));
        assertEquals("exactly one sendMessage: " + calls, 1, calls.size());
        JsonNode call = calls.get(0);
        assertEquals("POST", call.get("method").asText());
        assertEquals("/bot(redacted)/sendMessage", call.get("path").asText());
        assertEquals(Long.parseLong(GROUP), call.at("/body/chat_id").asLong());
        assertTrue(call.at("/body/chat_id").isIntegralNumber());
        assertEquals(messageIdOf(mention), call.at("/body/reply_parameters/message_id").asLong());
        assertEquals(call.get("returnedId").asText(), sent.get("deliveryDetail").asText());
        assertTrue(call.get("returnedId").asText().startsWith(GROUP + ":"));

        String ann = someone();
        String dm = post("message", ann, "hello, booking ABC", null);
        long privateTicket = awaitMessage(dm).ticketId();
        ApiClient.Reply privateReply = api.post("/api/tickets/" + privateTicket + "/messages",
                "{\"text\":\"Hi, looking at ABC\",\"visibility\":\"PRIVATE\"}");
        assertEquals(privateReply.body(), 201, privateReply.status());
        awaitSent(privateTicket, privateReply);
        List<JsonNode> dms = sandbox.sent("telegram", SandboxClient.withText("Hi, looking at ABC"));
        assertEquals(1, dms.size());
        assertEquals(Long.parseLong(ann), dms.get(0).at("/body/chat_id").asLong());
        assertTrue(dms.get(0).at("/body/reply_parameters").isMissingNode());
        for (JsonNode any : sandbox.sent("telegram")) {
            assertFalse("no recorded call holds the bot token", any.toString().contains("sandbox-telegram-token"));
        }
    }

    @Test
    public void aWrongSecretTokenGets401AndNothingIsStored() {
        start();
        String chat = someone();
        String update = "{\"update_id\":990000001,\"message\":{\"message_id\":5,\"from\":{\"id\":" + chat
                + ",\"is_bot\":false,\"first_name\":\"Eve\"},\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},"
                + "\"date\":1700000000,\"text\":\"forged\"}}";
        HttpResponse<String> wrong = webhook(update, SECRET + "x");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(wrong.body(), wrong.body().contains("nothing was stored"));
        assertEquals(401, webhook(update, null).statusCode());
        assertEquals(401, webhook(update, "").statusCode());
        assertTrue(tickets.findMessage("telegram", chat + ":5").isEmpty());

        assertEquals(400, webhook("{\"update_id\":\"x\",\"message\":{}}", SECRET).statusCode());
        HttpResponse<String> right = webhook(update, SECRET);
        assertEquals(right.body(), 200, right.statusCode());
        assertEquals("the same body with the right token is taken", "forged", awaitMessage(chat + ":5").text());
        assertEquals("a redelivered update is one message", 200, webhook(update, SECRET).statusCode());
        assertEquals(1, tickets.get(awaitMessage(chat + ":5").ticketId()).orElseThrow().messages().size());
    }

    /**
     * A group upgraded to a supergroup: Telegram gives it a new chat id; the customer's ticket goes on
     * there and the agent's reply goes to the supergroup, once.
     */
    @Test
    public void aGroupUpgradedToASupergroupKeepsItsTicketAndTheReplyGoesToTheSupergroup() {
        start();
        String bo = someone();
        String before = post("basic_group_mention", bo, "where is order 9?", null);
        Message inGroup = awaitMessage(before);
        String basicGroup = before.substring(0, before.lastIndexOf(':'));
        assertEquals(basicGroup + ":" + bo, inGroup.properties().get("social.conversationKey"));
        long ticket = inGroup.ticketId();

        post("group_upgrade", bo, null, null);
        String after = post("group_mention", bo, "any news on order 9?", null);
        assertTrue(after, after.startsWith(GROUP + ":"));
        assertEquals("the conversation goes on in the supergroup", ticket, awaitMessage(after).ticketId());

        ApiClient.Reply reply = api.post("/api/tickets/" + ticket + "/messages",
                "{\"text\":\"Order 9 ships today\",\"visibility\":\"PUBLIC\"}");
        assertEquals(reply.body(), 201, reply.status());
        JsonNode sent = awaitSent(ticket, reply);
        List<JsonNode> calls = sandbox.sent("telegram", SandboxClient.withText("Order 9 ships today"));
        assertEquals("one send, to the supergroup: " + calls, 1, calls.size());
        assertEquals(Long.parseLong(GROUP), calls.get(0).at("/body/chat_id").asLong());
        assertTrue(sent.get("deliveryDetail").asText(), sent.get("deliveryDetail").asText().startsWith(GROUP + ":"));
    }

    /**
     * A forum topic's reply goes into the topic, a business account's chat is answered through its
     * connection, the account's own message there is recorded as sent from its app, a reaction lands on
     * its message, and update kinds the plugin never acts on (an unknown one, a channel post, a service
     * message) are acknowledged and counted as ignored; bodies that are no update are refused with
     * problem+json.
     */
    @Test
    public void topicsBusinessChatsReactionsAndUnknownUpdatesAreEachHandledAsTelegramMeansThem() {
        start();
        String cy = someone();
        String inTopic = post("topic_mention", cy, "is the shop open?", "\"payload\":\"9\"");
        Message topicMessage = awaitMessage(inTopic);
        assertEquals(GROUP + "#9:" + cy, topicMessage.properties().get("social.conversationKey"));
        ApiClient.Reply topicReply = api.post("/api/tickets/" + topicMessage.ticketId() + "/messages",
                "{\"text\":\"Open till 6, Cy\",\"visibility\":\"PUBLIC\"}");
        assertEquals(topicReply.body(), 201, topicReply.status());
        awaitSent(topicMessage.ticketId(), topicReply);
        JsonNode topicCall = sandbox.sent("telegram", SandboxClient.withText("Open till 6, Cy")).get(0);
        assertEquals(9, topicCall.at("/body/message_thread_id").asLong());

        String dee = someone();
        String business = post("business_message", dee, "do you deliver?", null);
        Message businessMessage = awaitMessage(business);
        long businessTicket = businessMessage.ticketId();
        ApiClient.Reply businessReply = api.post("/api/tickets/" + businessTicket + "/messages",
                "{\"text\":\"We do, Dee\",\"visibility\":\"PRIVATE\"}");
        assertEquals(businessReply.body(), 201, businessReply.status());
        awaitSent(businessTicket, businessReply);
        JsonNode businessCall = sandbox.sent("telegram", SandboxClient.withText("We do, Dee")).get(0);
        assertEquals("sandbox-business-1", businessCall.at("/body/business_connection_id").asText());
        assertEquals(Long.parseLong(dee), businessCall.at("/body/chat_id").asLong());
        String owner = post("business_owner", dee, "also on Sundays", null);
        Message echo = awaitMessage(owner);
        assertEquals("the account's own message is no customer's", businessTicket, echo.ticketId());
        assertEquals(dev.parley.helpdesk.api.Direction.OUTBOUND, echo.direction());

        post("reaction", dee, null, "\"inReplyTo\":\"" + business + "\",\"payload\":\"\u2764\"");
        Await.condition("the reaction on " + business, WAIT, () -> "\u2764".equals(tickets.findMessage("telegram",
                business).orElseThrow().properties().get("social.reaction")));

        post("unknown_update", dee, null, null);
        post("channel_post", dee, "new prices", null);
        post("service", dee, null, null);
        Await.condition("the ignored updates counted", WAIT, () -> {
            JsonNode ignored = api.get("/api/social/inbox").json().path("ignored");
            return ignored.path("sandbox_future_update").asLong(0) >= 1 && ignored.path("channel_post").asLong(0) >= 1
                    && ignored.path("service:new_chat_members").asLong(0) >= 1;
        });
        assertEquals(0, api.get("/api/social/inbox").json().path("parked").asLong());

        for (String bad : List.of("not json at all", "[1,2]", "{\"update_id\":1,\"message\":{\"message_id\":1}}",
                "{\"update_id\":1,\"message\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}")) {
            HttpResponse<String> refused = webhook(bad, SECRET);
            assertTrue(bad.length() + ": " + refused.statusCode(), refused.statusCode() >= 400
                    && refused.statusCode() < 500);
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertFalse(refused.body(), refused.body().contains("Exception"));
        }
        HttpResponse<String> huge = webhook("{\"update_id\":1,\"message\":{\"text\":\"" + "x".repeat(2_000_000)
                + "\"}}", SECRET);
        assertEquals(413, huge.statusCode());
        assertTrue(huge.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    public void pollingResumesFromItsOffsetAfterARestart() throws Exception {
        start();
        // the bot has no public URL now: its webhook is deleted and the account polls (the default without mode)
        ApiClient.Reply deleted = api.post("/sandbox/telegram/bot" + TOKEN + "/deleteWebhook", "{}");
        assertEquals(deleted.body(), 200, deleted.status());
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.account-" + ACCOUNT + ".cfg"),
                "platform=telegram\naccountId=7000000001\nhandle=acme_support_bot\nbotToken=" + TOKEN + "\n"
                        + "pollIntervalSeconds=1\napiBaseUrl=http://127.0.0.1:" + httpPort() + "/sandbox/telegram\n");
        Await.condition("the account polling", WAIT, () -> api.get("/sandbox/api/sent?platform=telegram").json()
                .path("sent").toString().contains("getUpdates"));

        String carl = someone();
        String one = post("message", carl, "first by polling", null);
        String two = post("message", carl, "second by polling", null);
        long ticket = awaitMessage(one).ticketId();
        assertEquals(ticket, awaitMessage(two).ticketId());
        long offset = Await.until("a getUpdates past both updates", WAIT, () -> {
            long highest = -1;
            for (JsonNode call : sandbox.sent("telegram")) {
                if (call.get("path").asText().endsWith("/getUpdates")) {
                    highest = Math.max(highest, call.at("/body/offset").asLong(-1));
                }
            }
            JsonNode info = api.post("/sandbox/telegram/bot" + TOKEN + "/getWebhookInfo", "{}").json();
            return highest > 0 && info.at("/result/pending_update_count").asInt() == 0 ? highest : null;
        });

        Bundle connector = List.of(context.getBundles()).stream()
                .filter(b -> b.getSymbolicName().equals("dev.parley.social-connector")).findFirst().orElseThrow();
        connector.stop();
        api.delete("/sandbox/api/sent");
        connector.start();
        JsonNode resumed = Await.until("the first getUpdates after the restart", WAIT, () -> sandbox.sent("telegram")
                .stream().filter(c -> c.get("path").asText().endsWith("/getUpdates")).findFirst().orElse(null));
        assertEquals("the restarted poller goes on from its stored offset: " + resumed, offset,
                resumed.at("/body/offset").asLong(-1));

        String three = post("message", carl, "third by polling", null);
        assertEquals(ticket, awaitMessage(three).ticketId());
        List<String> texts = new ArrayList<>();
        tickets.get(ticket).orElseThrow().messages().forEach(m -> texts.add(m.text()));
        assertEquals(List.of("first by polling", "second by polling", "third by polling"), texts);
    }

    /**
     * The plugin goes and comes back on a running system while Messenger and WhatsApp webhooks keep
     * coming: every one of theirs is acknowledged and lands on a ticket, and an X DM gets through too.
     */
    @Test
    public void theTelegramPluginIsRemovedAndReinstalledUnderTheOtherPlatformsLoad() throws InterruptedException {
        start();
        JsonNode listed = Await.until("social-telegram listed UP", WAIT, () -> {
            for (JsonNode p : api.get("/api/plugins").json().path("plugins")) {
                if ("social-telegram".equals(p.path("name").asText()) && "UP".equals(p.path("health").asText())) {
                    return p;
                }
            }
            return null;
        });
        assertEquals("ACTIVE", listed.path("state").asText());
        String location = List.of(context.getBundles()).stream()
                .filter(b -> "social-telegram".equals(b.getHeaders("").get("Parley-Plugin"))).findFirst()
                .orElseThrow().getLocation();
        String ann = someone();
        long ticket = awaitMessage(post("message", ann, "before the update", null)).ticketId();

        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        String waId = "1" + someone();
        try (WebhookStream meta = PlatformPluginIT.metaLoad(hooks); WebhookStream whatsApp = WebhookStream.start("whatsapp", i -> {
            String wamid = "wamid.tg_load_" + waId + "_" + i;
            return new WebhookStream.Posted(wamid, hooks.postWhatsApp(SignedWebhooks.whatsAppMessage(wamid, waId, "load " + i))
                    .statusCode());
        })) {
            meta.awaitAcked(20, WAIT);
            whatsApp.awaitAcked(20, WAIT);
            assertEquals(200, api.delete("/api/plugins/social-telegram").status());
            HttpResponse<String> away = webhook("{\"update_id\":1}", SECRET);
            assertEquals(away.body(), 404, away.statusCode());
            assertTrue(away.body(), away.body().contains("platform plugin is not installed"));
            ApiClient.Reply refused = api.post("/api/tickets/" + ticket + "/messages",
                    "{\"text\":\"one moment\",\"visibility\":\"PRIVATE\"}");
            assertEquals(refused.body(), 422, refused.status());
            assertTrue(refused.body(), refused.body().contains("channel-unavailable"));
            meta.awaitAcked(20, WAIT);
            whatsApp.awaitAcked(20, WAIT);
            String xDm = sandbox.post("x", "dm", someone(), "x_customer", "X still works", false);
            Await.until("an X DM while Telegram is away", WAIT, () -> tickets.findMessage("x", xDm).orElse(null));

            ApiClient.Reply installed = api.post("/api/plugins", "{\"location\":\"" + location + "\"}");
            assertEquals(installed.body(), 201, installed.status());
            Await.condition("the Telegram webhook back", WAIT, () -> webhook("{}", null).statusCode() == 401);
            assertEquals(ticket, awaitMessage(post("message", ann, "after the update", null)).ticketId());
            meta.assertEveryMessageOnATicket(tickets, WAIT);
            whatsApp.assertEveryMessageOnATicket(tickets, WAIT);
        }
        ApiClient.Reply answered = api.post("/api/tickets/" + ticket + "/messages",
                "{\"text\":\"back again\",\"visibility\":\"PRIVATE\"}");
        assertEquals(answered.body(), 201, answered.status());
        awaitSent(ticket, answered);
    }

    /** A customer's photo, kept by Parley, goes back to them as an upload: sendPhoto, multipart, the same bytes. */
    @Test
    public void aStoredPhotoIsUploadedWithSendPhotoAndAnUnknownAttachmentIsRefused() {
        start();
        String dee = someone();
        String photo = post("message", dee, "is this the box?", "\"attachment\":\"photo.png\",\"attachmentType\":\"image\"");
        Attachment stored = awaitAttachment(photo);
        assertEquals(Optional.of(AttachmentState.STORED), stored.state());
        long ticket = awaitMessage(photo).ticketId();

        ApiClient.Reply reply = api.post("/api/tickets/" + ticket + "/messages", "{\"text\":\"Yes, this one\","
                + "\"visibility\":\"PRIVATE\",\"attachments\":[{\"attachmentId\":" + stored.id().orElseThrow() + "}]}");
        assertEquals(reply.body(), 201, reply.status());
        awaitSent(ticket, reply);
        List<JsonNode> uploads = sandbox.sent("telegram", c -> c.path("path").asText().endsWith("/sendPhoto"));
        assertEquals("uploaded once: " + uploads, 1, uploads.size());
        JsonNode form = uploads.get(0).path("body");
        assertEquals(dee, form.path("chat_id").asText());
        assertEquals("Yes, this one", form.path("caption").asText());
        assertEquals("image/png", form.path("photo").path("contentType").asText());
        assertEquals("the stored bytes are what Telegram got", stored.sha256().orElseThrow(),
                form.path("photo").path("sha256").asText());
        assertTrue("no sendMessage with a link instead", sandbox.sent("telegram", c -> c.path("path").asText()
                .endsWith("/sendMessage") && c.path("body").path("chat_id").asText().equals(dee)).isEmpty());

        ApiClient.Reply unknown = api.post("/api/tickets/" + ticket + "/messages", "{\"text\":\"x\","
                + "\"visibility\":\"PRIVATE\",\"attachments\":[{\"attachmentId\":987654321}]}");
        assertEquals(unknown.body(), 400, unknown.status());
        assertTrue(unknown.contentType().startsWith("application/problem+json"));
        ApiClient.Reply tooBig = api.post("/api/tickets/" + ticket + "/messages", "{\"text\":\"the manual\","
                + "\"visibility\":\"PRIVATE\",\"attachments\":[{\"mediaType\":\"application/pdf\","
                + "\"url\":\"https://example.com/manual.pdf\",\"sizeBytes\":" + (60L << 20) + "}]}");
        assertEquals(tooBig.body(), 422, tooBig.status());
        assertEquals("attachment-not-allowed", tooBig.json().path("rule").asText());
        assertTrue(tooBig.body(), tooBig.json().path("detail").asText().contains("50 MB"));
    }

    /**
     * The tests share one home: a test that switched the bot's account to polling puts the
     * installation's own file back, so the next test starts with the webhook account again.
     */
    @org.junit.After
    public void restoreTheAccountFile() throws java.io.IOException {
        java.nio.file.Path file = home().resolve("etc/dev.parley.social.account-" + ACCOUNT + ".cfg");
        String original = java.nio.file.Files.readString(RuntimeLayout.runtimeDir().resolve("classes/defaults/etc")
                .resolve(file.getFileName()));
        if (!original.equals(java.nio.file.Files.readString(file))) {
            RuntimeLayout.writeConfig(file, original);
        }
    }

    private List<JsonNode> getUpdates() {
        return sandbox.sent("telegram", c -> c.path("path").asText().endsWith("/getUpdates"));
    }

    /**
     * Polling is a long poll: getUpdates waits on the sandbox with timeout=25, an update posted
     * meanwhile reaches the ticket at once (the account's poll interval is a minute), and stopping
     * the plugin ends the poll in flight instead of waiting it out.
     */
    @Test
    public void aLongPollTakesAnUpdateAtOnceAndEndsWhenThePluginStops() throws Exception {
        start();
        assertEquals(200, api.post("/sandbox/telegram/bot" + TOKEN + "/deleteWebhook", "{}").status());
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.account-" + ACCOUNT + ".cfg"),
                "name=" + ACCOUNT + "\nplatform=telegram\naccountId=7000000001\nhandle=acme_support_bot\nbotToken="
                        + TOKEN + "\npollIntervalSeconds=60\napiBaseUrl=http://127.0.0.1:" + httpPort()
                        + "/sandbox/telegram\n");
        Await.condition("a getUpdates long poll held by the sandbox", WAIT, () -> getUpdates().stream()
                .anyMatch(c -> c.at("/body/timeout").asInt() == 25));
        Thread.sleep(1_000); // no update is waiting: that poll is held now

        int polls = getUpdates().size();
        String erin = someone();
        long posted = System.nanoTime();
        String one = post("message", erin, "are you there?", null);
        awaitMessage(one);
        long tookMillis = (System.nanoTime() - posted) / 1_000_000;
        assertTrue("the held poll answered with the update, not the next poll a minute later: " + tookMillis + " ms",
                tookMillis < 15_000);

        // the sandbox records a getUpdates when it holds it: one more than before is the poll in flight now
        Await.condition("the next long poll held", WAIT, () -> getUpdates().size() > polls);
        Thread.sleep(300);
        Bundle plugin = List.of(context.getBundles()).stream()
                .filter(b -> b.getSymbolicName().equals("dev.parley.social-telegram")).findFirst().orElseThrow();
        long stopped = System.nanoTime();
        plugin.stop();
        JsonNode error;
        try {
            error = Await.until("the poll in flight ended by the stop", Duration.ofSeconds(10), () -> {
                JsonNode health = api.get("/api/social/accounts/" + ACCOUNT).json().path("health");
                return health.path("lastError").path("message").asText("").contains("stopped while polling")
                        ? health.path("lastError") : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; account: " + api.get("/api/social/accounts/" + ACCOUNT).body()
                    + "; polls: " + getUpdates(), e);
        }
        assertTrue("ended promptly, not after the 25 s poll: " + error, (System.nanoTime() - stopped) < 10_000_000_000L);
        plugin.start();
        String two = post("message", erin, "hello again", null);
        assertEquals(awaitMessage(one).ticketId(), awaitMessage(two).ticketId());
    }
}
