package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.TicketService;

/**
 * One Meta app serves several Pages and one X app several users, each posting to the app's one
 * URL: every event lands on the account its platform id names, replies go out with that account's
 * own token (the sandbox records whose token each call carried), and an id nobody configured is
 * counted, not stored.
 */
@RunWith(PaxExam.class)
public class PlatformRoutingIT extends ParleyTestSupport {

    private static final String PAGE_2 = "2000000002";
    private static final String X_USER_2 = "1000000002";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Configuration files to picked-up components: FileInstall, ConfigAdmin, DS, slow on a busy machine. */
    private static final Duration SETUP = Duration.ofSeconds(90);

    @Inject
    private TicketService tickets;

    @Test
    public void twoPagesAndTwoXUsersOnOneAppRouteToTheirOwnAccountsAndReplyWithTheirOwnTokens() throws Exception {
        ApiClient api = api();
        SandboxClient sandbox = new SandboxClient(api);
        String base = "http://127.0.0.1:" + httpPort() + "/sandbox/";
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.sandbox.cfg"),
                "xMoreUsers=" + X_USER_2 + ":acme_eu:sandbox-x-token-2\n"
                        + "metaMorePages=" + PAGE_2 + ":Acme EU:sandbox-meta-token-2\n");
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.account-sandbox-meta-eu.cfg"),
                "platform=meta\naccountId=" + PAGE_2 + "\nhandle=acme-eu\nappSecret=sandbox-meta-secret\n"
                        + "verifyToken=sandbox-verify\naccessToken=sandbox-meta-token-2\napiBaseUrl=" + base + "meta\n");
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.account-sandbox-x-eu.cfg"),
                "platform=x\naccountId=" + X_USER_2 + "\nhandle=acme_eu\nconsumerSecret=sandbox-x-secret\n"
                        + "accessToken=sandbox-x-token-2\napiBaseUrl=" + base + "x\n");
        java.util.concurrent.atomic.AtomicReference<JsonNode> lastAccounts = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            Await.condition("four accounts with their platforms", SETUP, () -> {
                lastAccounts.set(api.get("/api/social/accounts").json());
                int available = 0;
                for (JsonNode a : lastAccounts.get().path("accounts")) {
                    boolean routed = List.of("sandbox-x", "sandbox-x-eu", "sandbox-meta", "sandbox-meta-eu")
                            .contains(a.path("name").asText());
                    available += routed && a.path("platformAvailable").asBoolean() ? 1 : 0;
                }
                return available == 4; // of these four: other default accounts (WhatsApp's) may be there too
            });
        } catch (AssertionError e) {
            System.err.println("last /api/social/accounts: " + lastAccounts.get());
            throw new AssertionError(e.getMessage() + "; last /api/social/accounts: " + lastAccounts.get(), e);
        }
        Await.condition("the sandbox playing two Pages and two X users", SETUP, () -> {
            JsonNode accounts = api.get("/sandbox/api/accounts").json();
            return accounts.path("metaPages").size() == 2 && accounts.path("xUsers").size() == 2;
        });

        String psid = customer();
        Message toMain = customerMessage("messenger", sandbox.postTo("meta", "2000000001", "dm", psid, "ann", "Main page"));
        Message toEu = customerMessage("messenger", sandbox.postTo("meta", PAGE_2, "dm", customer(), "bea", "EU page"));
        assertEquals("sandbox-meta", toMain.properties().get("social.account"));
        assertEquals("sandbox-meta-eu", toEu.properties().get("social.account"));
        Message xMain = customerMessage("x", sandbox.postTo("x", "1000000001", "dm", customer(), "cy", "Main user"));
        Message xEu = customerMessage("x", sandbox.postTo("x", X_USER_2, "dm", customer(), "di", "EU user"));
        assertEquals("sandbox-x", xMain.properties().get("social.account"));
        assertEquals("sandbox-x-eu", xEu.properties().get("social.account"));

        assertEquals("1000000001", replyActingAs(api, sandbox, "x", xMain, "From the main user"));
        assertEquals(X_USER_2, replyActingAs(api, sandbox, "x", xEu, "From the EU user"));
        assertEquals("2000000001", replyActingAs(api, sandbox, "meta", toMain, "From the main page"));
        assertEquals(PAGE_2, replyActingAs(api, sandbox, "meta", toEu, "From the EU page"));

        // Meta's documented shape, one delivery with a configured and an unknown Page
        String known = "m_known_" + customer();
        String unknown = "m_unknown_" + customer();
        String entries = SignedWebhooks.metaMessengerMessage(known, customer(), "still here");
        String unknownEntry = SignedWebhooks.metaMessengerMessage(unknown, customer(), "lost?")
                .replace(SignedWebhooks.META_PAGE_ID, "2000000099");
        String body = entries.substring(0, entries.lastIndexOf(']')) + ","
                + unknownEntry.substring(unknownEntry.indexOf('[') + 1);
        HttpResponse<String> mixed = new SignedWebhooks(httpPort()).postMeta(body);
        assertEquals(mixed.body(), 200, mixed.statusCode());
        customerMessage("messenger", known);
        JsonNode unrouted = Await.until("the unknown Page counted", WAIT, () -> {
            for (JsonNode u : api.get("/api/social/accounts").json().path("unrouted")) {
                if (u.path("id").asText().equals("2000000099")) {
                    return u;
                }
            }
            return null;
        });
        assertEquals("meta", unrouted.path("platform").asText());
        assertEquals(1, unrouted.path("count").asInt());
        assertTrue(unrouted.hasNonNull("lastSeenAt"));
        assertFalse("an unknown Page's message is stored nowhere", tickets.findMessage("messenger", unknown).isPresent());
    }

    /** Sends a DM reply on the message's ticket; returns the account id whose token the platform call carried. */
    private static String replyActingAs(ApiClient api, SandboxClient sandbox, String platform, Message to, String text) {
        ApiClient.Reply reply = api.post("/api/tickets/" + to.ticketId() + "/messages",
                "{\"text\":\"" + text + "\",\"visibility\":\"PRIVATE\"}");
        assertEquals(reply.body(), 201, reply.status());
        SandboxClient.awaitDelivery(api, to.ticketId(), reply.json().get("id").asLong(), "SENT", WAIT);
        List<JsonNode> calls = sandbox.sent(platform, SandboxClient.withText(text));
        assertEquals(text, 1, calls.size());
        return calls.get(0).path("actingAs").asText();
    }

    private Message customerMessage(String channel, String externalId) {
        return Await.until("message " + externalId + " on " + channel, WAIT,
                () -> tickets.findMessage(channel, externalId).orElse(null));
    }

    private static String customer() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L));
    }
}
