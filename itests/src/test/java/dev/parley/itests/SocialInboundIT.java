package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.Visibility;

/**
 * Platform webhooks through the real runtime: signed X and Meta deliveries become tickets on the
 * right thread, once, and nothing unverified is stored. The sandbox accounts come from the
 * runtime's shipped etc/ files.
 */
@RunWith(PaxExam.class)
public class SocialInboundIT extends ParleyTestSupport {

    @Inject
    private TicketService tickets;

    private SignedWebhooks webhooks() {
        api(); // waits for /health
        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        hooks.awaitVerified("the sandbox X account's webhook", "/webhooks/x/" + SignedWebhooks.X_ACCOUNT + "?crc_token=ready", Duration.ofSeconds(30));
        return hooks;
    }

    @Test
    public void crcAndHubChallengesAnswerExactlyAsThePlatformsRequire() throws Exception {
        SignedWebhooks hooks = webhooks();
        HttpResponse<String> crc = hooks.get("/webhooks/x/" + SignedWebhooks.X_ACCOUNT + "?crc_token=test-token&nonce=n1");
        assertEquals(200, crc.statusCode());
        String expected = SignedWebhooks.xSignature(SignedWebhooks.X_SECRET, "test-token");
        assertEquals(expected, new ObjectMapper().readTree(crc.body()).get("response_token").asText());

        hooks.awaitVerified("the sandbox Meta account", "/webhooks/meta/"
                + SignedWebhooks.META_ACCOUNT + "?hub.mode=subscribe&hub.challenge=1&hub.verify_token="
                + SignedWebhooks.META_VERIFY_TOKEN, Duration.ofSeconds(30));
        HttpResponse<String> hub = hooks.get("/webhooks/meta/" + SignedWebhooks.META_ACCOUNT
                + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + SignedWebhooks.META_VERIFY_TOKEN);
        assertEquals(200, hub.statusCode());
        assertEquals("1158201444", hub.body());
        assertEquals(403, hooks.get("/webhooks/meta/" + SignedWebhooks.META_ACCOUNT
                + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong").statusCode());
        assertEquals(404, hooks.get("/webhooks/x/no-such-account?crc_token=t").statusCode());
    }

    @Test
    public void publicMentionAndDmBecomeTicketsWithTheRightVisibilityRequesterAndThread() {
        SignedWebhooks hooks = webhooks();
        String user = "700000001";
        assertEquals(200, hooks.postX(SignedWebhooks.xMention("m-1", user, "ann", "@acme my bag is lost", null)).statusCode());
        Message mention = awaitMessage("x", "m-1");
        Ticket publicTicket = tickets.get(mention.ticketId()).orElseThrow();
        assertEquals(Visibility.PUBLIC, mention.visibility());
        assertEquals(Direction.INBOUND, mention.direction());
        assertEquals("@acme my bag is lost", mention.text());

        long sent = System.nanoTime();
        assertEquals(200, hooks.postX(SignedWebhooks.xDirectMessage("dm-1", user, "ann", "Booking ABC123")).statusCode());
        Message dm = awaitMessage("x", "dm-1");
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertTrue("a DM became a ticket message in " + millis + " ms", millis < 1000);
        Ticket dmTicket = tickets.get(dm.ticketId()).orElseThrow();
        assertEquals(Visibility.PRIVATE, dm.visibility());
        assertTrue("a DM never lands on the public thread's ticket", dmTicket.id() != publicTicket.id());
        assertEquals("the same person, in public and in private", publicTicket.requester().id(), dmTicket.requester().id());

        hooks.postX(SignedWebhooks.xDirectMessage("dm-2", user, "ann", "any news?"));
        hooks.postX(SignedWebhooks.xMention("m-2", user, "ann", "@acme still waiting", "m-1"));
        assertEquals("follow-up DM appends", dmTicket.id(), awaitMessage("x", "dm-2").ticketId());
        assertEquals("a reply in the chain appends", publicTicket.id(), awaitMessage("x", "m-2").ticketId());

        hooks.postX(SignedWebhooks.xDirectMessage("dm-2", user, "ann", "any news?")); // the platform redelivers
        hooks.postX(SignedWebhooks.xDirectMessage("dm-3", user, "ann", "hello?"));
        awaitMessage("x", "dm-3");
        assertEquals("the duplicate added nothing", 3, tickets.get(dmTicket.id()).orElseThrow().messages().size());

        assertEquals(200, hooks.postMeta(SignedWebhooks.metaMessengerMessage("mid.1", "psid-9", "Hi from Messenger")).statusCode());
        Message messenger = awaitMessage("messenger", "mid.1");
        assertEquals(Visibility.PRIVATE, messenger.visibility());
    }

    @Test
    public void unverifiedOrMalformedDeliveriesAreRefusedAndNothingIsStored() {
        SignedWebhooks hooks = webhooks();
        String forged = SignedWebhooks.xDirectMessage("forged-1", "700000002", "eve", "forged");
        assertEquals(401, hooks.post("/webhooks/x/" + SignedWebhooks.X_ACCOUNT, forged, "x-twitter-webhooks-signature",
                SignedWebhooks.xSignature("not-the-secret", forged)).statusCode());
        assertEquals(401, hooks.post("/webhooks/x/" + SignedWebhooks.X_ACCOUNT, forged, null, null).statusCode());
        String badJson = "{\"for_user_id\":";
        assertEquals(400, hooks.post("/webhooks/x/" + SignedWebhooks.X_ACCOUNT, badJson, "x-twitter-webhooks-signature",
                SignedWebhooks.xSignature(SignedWebhooks.X_SECRET, badJson)).statusCode());
        String huge = "{\"x\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}";
        assertEquals(413, hooks.post("/webhooks/x/" + SignedWebhooks.X_ACCOUNT, huge, "x-twitter-webhooks-signature",
                SignedWebhooks.xSignature(SignedWebhooks.X_SECRET, huge)).statusCode());
        assertEquals(404, hooks.postRaw404());

        // deliveries are processed in order: once a later good one is on a ticket, the forged one would be too
        hooks.postX(SignedWebhooks.xDirectMessage("after-forged", "700000002", "eve", "real"));
        awaitMessage("x", "after-forged");
        assertTrue(tickets.findMessage("x", "forged-1").isEmpty());
    }

    @Test
    public void aThousandWebhooksWhileTheProcessorIsUpdatedYieldExactlyAThousandMessages() throws Exception {
        SignedWebhooks hooks = webhooks();
        Bundle processor = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().endsWith("social-inbox")).findFirst()
                .orElseThrow(() -> new AssertionError("no social-inbox processor bundle"));
        int total = 1000;
        AtomicInteger acked = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < total; i++) {
                String id = "load-" + i;
                String sender = Long.toString(710_000_000L + i % 50);
                statuses.add(senders.submit(() -> {
                    int status = hooks.postX(SignedWebhooks.xDirectMessage(id, sender, "u" + sender, "message " + id))
                            .statusCode();
                    acked.incrementAndGet();
                    return status;
                }));
            }
            Await.condition("300 acks", Duration.ofSeconds(60), () -> acked.get() >= 300);
            processor.update(); // hot update of the processing bundle mid-stream
            Await.condition("600 acks", Duration.ofSeconds(60), () -> acked.get() >= 600);
            processor.stop();
            processor.start();
            for (Future<Integer> status : statuses) {
                assertEquals(200, (int) status.get());
            }
        } finally {
            senders.shutdownNow();
        }
        Set<Long> messageIds = new HashSet<>();
        Await.condition("all " + total + " messages on tickets", Duration.ofSeconds(120), () -> {
            for (int i = 0; i < total; i++) {
                if (tickets.findMessage("x", "load-" + i).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
        Set<Long> ticketIds = new HashSet<>();
        for (int i = 0; i < total; i++) {
            Message m = tickets.findMessage("x", "load-" + i).orElseThrow();
            messageIds.add(m.id());
            ticketIds.add(m.ticketId());
        }
        int stored = 0;
        for (long ticketId : ticketIds) {
            stored += (int) tickets.get(ticketId).orElseThrow().messages().stream()
                    .filter(m -> m.externalId().orElse("").startsWith("load-")).count();
        }
        assertEquals(total, messageIds.size());
        assertEquals("no message doubled", total, stored);
        assertEquals("one ticket per conversation", 50, ticketIds.size());
    }

    private Message awaitMessage(String channel, String externalId) {
        return Await.until("message " + externalId + " on a ticket", Duration.ofSeconds(20),
                () -> tickets.findMessage(channel, externalId).orElse(null));
    }
}
