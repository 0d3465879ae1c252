package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.TicketService;

/**
 * Agents' replies through the real runtime to the sandbox platforms: the platforms' payloads, the
 * messaging policy's refusals (each with its rule, nothing sent), exactly-once delivery through
 * 5xx, 429 and timeouts, and the public → DM hand-off on one ticket.
 */
@RunWith(PaxExam.class)
public class SocialOutboundIT extends ParleyTestSupport {

    private static final Duration SEND = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private TicketService tickets;

    private ApiClient api;
    private SandboxClient sandbox;

    private void start() {
        api = api();
        sandbox = new SandboxClient(api);
        Await.condition("sandbox accounts", Duration.ofSeconds(30),
                () -> api.get("/api/social/accounts").json().path("accounts").size() >= 2);
    }

    @After
    public void clearFaults() {
        if (sandbox != null) {
            sandbox.clearFaults();
        }
    }

    /** A customer of this test alone: the test methods share one runtime and database. */
    private static String user() {
        return Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L));
    }

    private Message awaitCustomerMessage(String channel, String externalId) {
        return Await.until("message " + externalId + " on " + channel, Duration.ofSeconds(10),
                () -> tickets.findMessage(channel, externalId).orElse(null));
    }

    private ApiClient.Reply reply(long ticketId, String body) {
        return api.post("/api/tickets/" + ticketId + "/messages", body);
    }

    private JsonNode replyAndAwaitSent(long ticketId, String body) {
        ApiClient.Reply reply = reply(ticketId, body);
        assertEquals(reply.body(), 201, reply.status());
        assertEquals("QUEUED", reply.json().get("delivery").asText());
        return SandboxClient.awaitDelivery(api, ticketId, reply.json().get("id").asLong(), "SENT", SEND);
    }

    @Test
    public void publicRepliesAndDmsReachXAndMetaWithThePlatformsPayloads() {
        start();
        String ann = user();
        String mention = sandbox.post("x", "mention", ann, "ann" + ann, "@acme my bag is lost", false);
        long publicTicket = awaitCustomerMessage("x", mention).ticketId();
        JsonNode sent = replyAndAwaitSent(publicTicket, "{\"text\":\"Sorry Ann, we are on it\",\"visibility\":\"PUBLIC\"}");
        JsonNode tweet = sandbox.sent("x", SandboxClient.withText("Sorry Ann, we are on it")).get(0);
        assertEquals("/2/tweets", tweet.get("path").asText());
        assertEquals(mention, tweet.path("body").path("reply").path("in_reply_to_tweet_id").asText());
        assertEquals(tweet.get("returnedId").asText(), sent.get("deliveryDetail").asText());

        String dm = sandbox.post("x", "dm", ann, "ann" + ann, "Booking ABC123 please", false);
        long dmTicket = awaitCustomerMessage("x", dm).ticketId();
        replyAndAwaitSent(dmTicket, "{\"text\":\"Thanks, checking ABC123\",\"visibility\":\"PRIVATE\"}");
        JsonNode xDm = sandbox.sent("x", SandboxClient.withText("Thanks, checking ABC123")).get(0);
        assertEquals("/2/dm_conversations/with/" + ann + "/messages", xDm.get("path").asText());

        String bob = user();
        String mid = sandbox.post("meta", "dm", bob, "bob" + bob, "Where is my parcel?", false);
        long messengerTicket = awaitCustomerMessage("messenger", mid).ticketId();
        replyAndAwaitSent(messengerTicket, "{\"text\":\"Let me check, Bob\",\"visibility\":\"PRIVATE\"}");
        JsonNode send = sandbox.sent("meta", SandboxClient.withText("Let me check, Bob")).get(0);
        assertTrue(send.get("path").asText().endsWith("/messages"));
        assertEquals(bob, send.path("body").path("recipient").path("id").asText());
        assertEquals("RESPONSE", send.path("body").path("messaging_type").asText());

        String comment = sandbox.post("meta", "comment", bob, "bob" + bob, "Your delivery is always late", false);
        long commentTicket = awaitCustomerMessage("facebook", comment).ticketId();
        replyAndAwaitSent(commentTicket, "{\"text\":\"Sorry to hear that\",\"visibility\":\"PUBLIC\"}");
        JsonNode publicComment = sandbox.sent("meta", SandboxClient.withText("Sorry to hear that")).get(0);
        assertTrue(publicComment.get("path").asText().endsWith("/" + comment + "/comments"));
        replyAndAwaitSent(commentTicket, "{\"text\":\"We sent you the details in private\",\"visibility\":\"PRIVATE\"}");
        JsonNode privateReply = sandbox.sent("meta", SandboxClient.withText("We sent you the details in private")).get(0);
        assertEquals(comment, privateReply.path("body").path("recipient").path("comment_id").asText());
    }

    private void assertRefused(long ticketId, String body, String rule) throws Exception {
        int before = sandbox.sent("x").size() + sandbox.sent("meta").size();
        ApiClient.Reply check = api.post("/api/tickets/" + ticketId + "/messages/check", body);
        assertEquals(check.body(), 200, check.status());
        assertFalse(check.body(), check.json().get("allowed").asBoolean());
        assertEquals("the dry run names the rule the send is refused with", rule, check.json().get("rule").asText());
        assertTrue(check.body(), !check.json().get("remedy").asText().isBlank());
        String checked = JSON.readTree(body).get("text").asText();
        assertTrue("a check stores nothing", tickets.get(ticketId).orElseThrow().messages().stream()
                .noneMatch(m -> m.text().equals(checked)));
        ApiClient.Reply reply = reply(ticketId, body);
        assertEquals(reply.body(), 422, reply.status());
        assertEquals(reply.body(), rule, reply.json().get("rule").asText());
        assertTrue(reply.body(), !reply.json().get("remedy").asText().isBlank());
        String text = JSON.readTree(body).get("text").asText();
        assertTrue("a refused reply is not stored", tickets.get(ticketId).orElseThrow().messages().stream()
                .noneMatch(m -> m.text().equals(text)));
        assertEquals("a refused reply is not sent", before, sandbox.sent("x").size() + sandbox.sent("meta").size());
    }

    @Test
    public void eachPolicyRuleRefusesWithItsOwnClearMessageAndNothingIsSent() throws Exception {
        start();
        String cid = user();
        long dmTicket = awaitCustomerMessage("x", sandbox.post("x", "dm", cid, "cid" + cid, "My card was charged twice",
                false)).ticketId();
        assertRefused(dmTicket, "{\"text\":\"Replying in public\",\"visibility\":\"PUBLIC\"}", "private-stays-private");

        String closed = user();
        long closedDms = awaitCustomerMessage("x", sandbox.post("x", "mention", closed, "u" + closed,
                "@acme terrible service", false)).ticketId();
        assertRefused(closedDms, "{\"text\":\"Let us talk in private\",\"visibility\":\"PRIVATE\"}", "dm-not-allowed");
        assertRefused(closedDms, "{\"text\":\"" + "x".repeat(281) + "\",\"visibility\":\"PUBLIC\"}", "too-long");
        assertRefused(closedDms, "{\"text\":\"See this\",\"visibility\":\"PUBLIC\",\"attachments\":[{\"mediaType\":"
                + "\"application/zip\",\"url\":\"https://files.example/a.zip\"}]}", "attachment-not-allowed");

        String open = user();
        long invited = awaitCustomerMessage("x", sandbox.post("x", "mention", open, "u" + open, "@acme help please",
                true)).ticketId();
        replyAndAwaitSent(invited, "{\"text\":\"Hi, could you DM us the details?\",\"visibility\":\"PRIVATE\"}");
        assertRefused(invited, "{\"text\":\"Hello again?\",\"visibility\":\"PRIVATE\"}", "dm-invitation-limit");

        long dmMessage = tickets.get(dmTicket).orElseThrow().messages().get(0).id();
        assertRefused(dmTicket, "{\"text\":\"Answering that\",\"visibility\":\"PUBLIC\",\"inReplyTo\":" + dmMessage + "}",
                "no-public-thread");

        String busy = user(); // three public threads of one customer: the third unsolicited DM in 24 h is over the cap
        for (int i = 0; i < 3; i++) {
            long thread = awaitCustomerMessage("x", sandbox.post("x", "mention", busy, "u" + busy,
                    "@acme problem number " + i, true)).ticketId();
            String dm = "{\"text\":\"Could you DM us about problem " + i + "?\",\"visibility\":\"PRIVATE\"}";
            if (i < 2) {
                replyAndAwaitSent(thread, dm); // sent before the refusal below counts what the sandbox received
            } else {
                assertRefused(thread, dm, "proactive-dm-cap");
            }
        }

        ApiClient.Reply web = api.post("/api/tickets", "{\"subject\":\"Invoice\",\"requester\":{\"email\":"
                + "\"dana@example.com\"},\"description\":\"Please resend\",\"channel\":\"x\"}");
        assertRefused(web.json().get("id").asLong(), "{\"text\":\"Sure\",\"visibility\":\"PUBLIC\"}",
                "not-a-social-conversation");
    }

    @Test
    public void aCheckAnswersAsASendWouldStoresAndSendsNothingAndNeedsTheAgentRole() throws Exception {
        start();
        String eve = user();
        String dm = sandbox.post("x", "dm", eve, "eve" + eve, "My order 778812 never came", false);
        long ticket = awaitCustomerMessage("x", dm).ticketId();
        String path = "/api/tickets/" + ticket + "/messages/check";

        ApiClient.Reply ok = api.post(path, "{\"text\":\"Checking order 778812 now\",\"visibility\":\"PRIVATE\"}");
        assertEquals(ok.body(), 200, ok.status());
        assertTrue(ok.body(), ok.json().get("allowed").asBoolean());
        assertTrue(ok.body(), ok.json().get("rule").isNull());
        assertEquals("an X DM takes 10,000 characters", 10_000 - "Checking order 778812 now".length(),
                ok.json().get("remaining").asInt());

        ApiClient.Reply quoted = api.post(path, "{\"text\":\"About your order 778812\",\"visibility\":\"PUBLIC\"}");
        assertEquals(quoted.body(), 200, quoted.status());
        assertFalse(quoted.json().get("allowed").asBoolean());
        assertEquals("private-stays-private", quoted.json().get("rule").asText());
        assertEquals("a public X post takes 280", 280 - "About your order 778812".length(),
                quoted.json().get("remaining").asInt());

        ApiClient.Reply note = api.post(path, "{\"text\":\"call the depot\",\"visibility\":\"INTERNAL_NOTE\"}");
        assertTrue(note.body(), note.json().get("allowed").asBoolean());

        assertEquals("a check takes the body of a send, strictly", 400,
                api.post(path, "{\"text\":\"hi\",\"visibilty\":\"PUBLIC\"}").status());
        assertEquals(404, api.post("/api/tickets/99999999/messages/check",
                "{\"text\":\"hi\",\"visibility\":\"PRIVATE\"}").status());
        assertEquals(405, api.get(path).status());

        ApiClient.Reply widgetToken = api.post("/api/tokens", "{\"name\":\"wall\",\"role\":\"widget\"}");
        ApiClient widget = new ApiClient(httpPort(), widgetToken.json().get("token").asText());
        ApiClient.Reply refused = widget.post(path, "{\"text\":\"hi\",\"visibility\":\"PRIVATE\"}");
        assertEquals(refused.body(), 403, refused.status());
        assertEquals("agent", refused.json().get("requiredRole").asText());

        for (String text : List.of("Checking order 778812 now", "About your order 778812", "call the depot")) {
            assertTrue("nothing was stored", tickets.get(ticket).orElseThrow().messages().stream()
                    .noneMatch(m -> m.text().equals(text)));
            assertTrue("nothing was sent", sandbox.sent("x", SandboxClient.withText(text)).isEmpty());
        }
    }

    @Test
    public void handOffAcknowledgesInPublicOpensTheDmAndKeepsTheAnswerOnTheSameTicket() throws Exception {
        start();
        String eve = user();
        String mention = sandbox.post("x", "mention", eve, "eve" + eve, "@acme please help, order lost", true);
        long ticket = awaitCustomerMessage("x", mention).ticketId();
        ApiClient.Reply handoff = api.post("/api/tickets/" + ticket + "/handoff", "{}");
        assertEquals(handoff.body(), 201, handoff.status());
        SandboxClient.awaitDelivery(api, ticket, handoff.json().get("publicMessageId").asLong(), "SENT", SEND);
        SandboxClient.awaitDelivery(api, ticket, handoff.json().get("privateMessageId").asLong(), "SENT", SEND);
        assertEquals(1, sandbox.sent("x", c -> c.get("path").asText().equals("/2/tweets")
                && mention.equals(c.path("body").path("reply").path("in_reply_to_tweet_id").asText())).size());
        assertEquals(1, sandbox.sent("x", c -> c.get("path").asText().equals("/2/dm_conversations/with/" + eve
                + "/messages")).size());

        String answer = sandbox.post("x", "dm", eve, "eve" + eve, "Order 5566, thanks", false);
        assertEquals("the DM answer lands on the hand-off's ticket", ticket,
                awaitCustomerMessage("x", answer).ticketId());
        ApiClient.Reply quoting = reply(ticket, "{\"text\":\"About order 5566, thanks for waiting\",\"visibility\":"
                + "\"PUBLIC\",\"inReplyTo\":" + tickets.findMessage("x", mention).orElseThrow().id() + "}");
        assertEquals(quoting.body(), 422, quoting.status());
        assertEquals("dm-quoted-in-public", quoting.json().get("rule").asText());

        ApiClient.Reply unknown = api.post("/api/tickets/" + ticket + "/handoff", "{\"nope\":1}");
        assertEquals(400, unknown.status());
    }

    @Test
    public void everyReplyIsDeliveredExactlyOnceThroughServerErrorsRateLimitsAndTimeouts() throws Exception {
        start();
        // a 2 s timeout: at 1 s a GC pause or compiler burst on a loaded 2-core machine made an ordinary
        // send time out now and then, and the lookup that followed used up one of the injected 5xx
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.http.cfg"), "responseTimeoutMillis=2000\n");
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.outbound.cfg"),
                "retryBaseMillis=200\nreconcileDelayMillis=4000\n");
        Thread.sleep(1500); // FileInstall (200 ms poll) hands the configurations to the components
        String fay = user();
        long ticket = awaitCustomerMessage("x", sandbox.post("x", "dm", fay, "fay" + fay, "Refund please", false))
                .ticketId();

        sandbox.faults("x", "{\"fail5xx\":2}");
        replyAndAwaitSent(ticket, "{\"text\":\"Refund on its way (1)\",\"visibility\":\"PRIVATE\"}");
        List<JsonNode> calls = sandbox.sent("x", SandboxClient.withText("Refund on its way (1)"));
        assertEquals(3, calls.size());
        assertEquals(1, calls.stream().filter(c -> c.get("status").asInt() == 201).count());

        sandbox.faults("x", "{\"rateLimit429\":1,\"retryAfterSeconds\":2}");
        long before = System.nanoTime();
        replyAndAwaitSent(ticket, "{\"text\":\"Refund on its way (2)\",\"visibility\":\"PRIVATE\"}");
        assertTrue("waited for the rate limit's reset", System.nanoTime() - before >= 1_000_000_000L);
        assertEquals(1, sandbox.sent("x", SandboxClient.withText("Refund on its way (2)")).stream()
                .filter(c -> c.get("status").asInt() == 201).count());

        sandbox.faults("x", "{\"delayMs\":3500}");
        ApiClient.Reply slow = reply(ticket, "{\"text\":\"Refund on its way (3)\",\"visibility\":\"PRIVATE\"}");
        Await.condition("the slow send reached the platform", Duration.ofSeconds(10),
                () -> !sandbox.sent("x", SandboxClient.withText("Refund on its way (3)")).isEmpty());
        sandbox.clearFaults();
        JsonNode sent = SandboxClient.awaitDelivery(api, ticket, slow.json().get("id").asLong(), "SENT", SEND);
        List<JsonNode> slowCalls = sandbox.sent("x", SandboxClient.withText("Refund on its way (3)"));
        assertEquals("a send lost to a timeout is looked up, not posted twice", 1, slowCalls.size());
        assertEquals(slowCalls.get(0).get("returnedId").asText(), sent.get("deliveryDetail").asText());
    }
}
