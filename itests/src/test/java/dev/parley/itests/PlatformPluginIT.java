package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.itests.chat.ChatActivator;
import dev.parley.itests.chat.ChatPlatform;

/**
 * Bring your own platform: "Acme Chat" (itests' chat package), packed into a bundle of its own and
 * dropped into deploy/, receives webhooks and sends agents' replies through the unchanged
 * connector, with the same messaging policy and outbox as X and Meta; and X and Meta are such
 * plugins themselves: social-x is removed and reinstalled while Meta keeps flowing.
 */
@RunWith(PaxExam.class)
public class PlatformPluginIT extends ParleyTestSupport {

    @Inject
    private TicketService tickets;

    @Test
    public void aThirdPlatformBundleReceivesAndSendsThroughTheUnchangedConnector() throws Exception {
        ApiClient api = api();
        writeBundle(home().resolve("deploy/acme-chat.jar"));
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.account-chat.cfg"),
                "name=chat\nplatform=acmechat\naccountId=bot\nverifyToken=chat-secret\n");
        Await.condition("the chat account with its platform", Duration.ofSeconds(30), () -> {
            ApiClient.Reply account = api.get("/api/social/accounts/chat");
            return account.status() == 200 && account.json().path("platformAvailable").asBoolean();
        });

        assertEquals(401, webhook("wrong", "{\"id\":\"c-0\",\"from\":\"u-77\",\"text\":\"hi\"}"));
        assertEquals(200, webhook("chat-secret", "{\"id\":\"c-1\",\"from\":\"u-77\",\"text\":\"Hello from chat\"}"));
        Message inbound = Await.until("the chat message on a ticket", Duration.ofSeconds(10),
                () -> tickets.findMessage("acmechat", "c-1").orElse(null));

        ApiClient.Reply reply = api.post("/api/tickets/" + inbound.ticketId() + "/messages",
                "{\"text\":\"Thanks for writing\",\"visibility\":\"PRIVATE\"}");
        assertEquals(reply.body(), 201, reply.status());
        SandboxClient.awaitDelivery(api, inbound.ticketId(), reply.json().get("id").asLong(), "SENT", Duration.ofSeconds(20));
        assertEquals(List.of("u-77:Thanks for writing"), sent());

        ApiClient.Reply refused = api.post("/api/tickets/" + inbound.ticketId() + "/messages",
                "{\"text\":\"Public?\",\"visibility\":\"PUBLIC\"}");
        assertEquals("the messaging policy covers the new channel too", 422, refused.status());
    }

    @Test
    public void removingSocialXKeepsMetaFlowingAnswers404AndKeepsItsRepliesQueuedUntilItIsBack() throws Exception {
        ApiClient api = api();
        SandboxClient sandbox = new SandboxClient(api);
        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        Await.condition("sandbox accounts with their platforms", Duration.ofSeconds(30), () -> {
            JsonNode accounts = api.get("/api/social/accounts").json().path("accounts");
            int available = 0;
            for (JsonNode a : accounts) {
                available += a.path("platformAvailable").asBoolean() ? 1 : 0;
            }
            return available >= 2;
        });
        String xLocation = Arrays.stream(context.getBundles())
                .filter(b -> "social-x".equals(b.getHeaders("").get("Parley-Plugin"))).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle of the social-x plugin")).getLocation();

        String customer = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L));
        String dm = sandbox.post("x", "dm", customer, "kim" + customer, "Where is my refund", false);
        Message inbound = Await.until("the X DM on a ticket", Duration.ofSeconds(10),
                () -> tickets.findMessage("x", dm).orElse(null));
        sandbox.faults("x", "{\"fail5xx\":1000}");
        ApiClient.Reply queued = api.post("/api/tickets/" + inbound.ticketId() + "/messages",
                "{\"text\":\"Refund sent today\",\"visibility\":\"PRIVATE\"}");
        assertEquals(queued.body(), 201, queued.status());
        long replyId = queued.json().get("id").asLong();
        Await.condition("a first attempt that X refused with a 5xx", Duration.ofSeconds(20),
                () -> !sandbox.sent("x", SandboxClient.withText("Refund sent today")).isEmpty());

        try (WebhookStream meta = metaLoad(hooks)) {
            meta.awaitAcked(20, Duration.ofSeconds(10));
            assertEquals(200, api.delete("/api/plugins/social-x").status());
            sandbox.clearFaults();

            HttpResponse<String> xHook = hooks.postX(SignedWebhooks.xDirectMessage("gone-" + customer, customer,
                    "kim", "anyone there?"));
            assertEquals(xHook.body(), 404, xHook.statusCode());
            assertTrue(xHook.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(xHook.body(), xHook.body().contains("platform plugin is not installed"));

            JsonNode waiting = awaitWaitingReply(api, sandbox, inbound.ticketId(), replyId);
            assertEquals("QUEUED", waiting.path("delivery").asText());
            meta.awaitAcked(20, Duration.ofSeconds(10)); // Meta keeps flowing without X

            ApiClient.Reply reinstalled = api.post("/api/plugins", "{\"location\":\"" + xLocation + "\"}");
            assertEquals(reinstalled.body(), 201, reinstalled.status());
            SandboxClient.awaitDelivery(api, inbound.ticketId(), replyId, "SENT", Duration.ofSeconds(20));
            assertEquals(200, hooks.postX(SignedWebhooks.xDirectMessage("back-" + customer, customer, "kim",
                    "thanks")).statusCode());
            meta.assertEveryMessageOnATicket(tickets, Duration.ofSeconds(30));
        }
    }

    @Test
    public void removingSocialWhatsAppUnderMetaLoadAnswers404AndReinstallingItTakesItsWebhooksAgain() throws Exception {
        ApiClient api = api();
        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        String wa = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        Await.condition("the sandbox WhatsApp account's webhook", Duration.ofSeconds(30),
                () -> postWhatsApp(hooks, "wamid.before" + wa, wa, "is my order shipped?").statusCode() == 200);
        Await.until("the WhatsApp message on a ticket", Duration.ofSeconds(20),
                () -> tickets.findMessage("whatsapp", "wamid.before" + wa).orElse(null));
        String location = Arrays.stream(context.getBundles())
                .filter(b -> "social-whatsapp".equals(b.getHeaders("").get("Parley-Plugin"))).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle of the social-whatsapp plugin")).getLocation();

        try (WebhookStream meta = metaLoad(hooks)) {
            meta.awaitAcked(20, Duration.ofSeconds(10));
            assertEquals(200, api.delete("/api/plugins/social-whatsapp").status());
            HttpResponse<String> gone = postWhatsApp(hooks, "wamid.gone" + wa, wa, "anyone there?");
            assertEquals(gone.body(), 404, gone.statusCode());
            assertTrue(gone.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            meta.awaitAcked(20, Duration.ofSeconds(10)); // Meta keeps flowing without WhatsApp

            ApiClient.Reply reinstalled = api.post("/api/plugins", "{\"location\":\"" + location + "\"}");
            assertEquals(reinstalled.body(), 201, reinstalled.status());
            Await.condition("WhatsApp webhooks taken again", Duration.ofSeconds(30),
                    () -> postWhatsApp(hooks, "wamid.back" + wa, wa, "thanks").statusCode() == 200);
            Message back = Await.until("the message after the reinstall on the customer's ticket",
                    Duration.ofSeconds(20), () -> tickets.findMessage("whatsapp", "wamid.back" + wa).orElse(null));
            assertEquals(tickets.findMessage("whatsapp", "wamid.before" + wa).orElseThrow().ticketId(), back.ticketId());
            meta.assertEveryMessageOnATicket(tickets, Duration.ofSeconds(30));
        }
    }

    private static HttpResponse<String> postWhatsApp(SignedWebhooks hooks, String wamid, String waId, String text) {
        return hooks.postWhatsApp(SignedWebhooks.whatsAppMessage(wamid, waId, text));
    }

    /** The reply once it says it waits for its platform; on a timeout, what it and the outbox say instead. */
    private JsonNode awaitWaitingReply(ApiClient api, SandboxClient sandbox, long ticketId, long replyId)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode m = null;
        while (System.nanoTime() < deadline) {
            m = api.get("/api/tickets/" + ticketId + "/messages/" + replyId).json();
            if (m.path("deliveryDetail").asText().contains("platform plugin is not installed")) {
                return m;
            }
            Thread.sleep(50); // polling interval, not a wait for an outcome
        }
        StringBuilder outbox = new StringBuilder();
        var refs = context.getServiceReferences(javax.sql.DataSource.class, "(parley.datasource=helpdesk)");
        try (var c = context.getService(refs.iterator().next()).getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT * FROM social_outbox")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    outbox.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                }
                outbox.append("| ");
            }
        }
        throw new AssertionError("the reply never said it waits for its platform: " + m + "; sends: "
                + sandbox.sent("x", SandboxClient.withText("Refund sent today")) + "; outbox: " + outbox + "; account: "
                + api.get("/api/social/accounts/" + SignedWebhooks.X_ACCOUNT).body());
    }

    /** A steady stream of signed Messenger webhooks from one customer. */
    static WebhookStream metaLoad(SignedWebhooks hooks) {
        String psid = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L));
        return WebhookStream.start("messenger", i -> {
            String mid = "m_load_" + psid + "_" + i;
            return new WebhookStream.Posted(mid, hooks.postMeta(SignedWebhooks.metaMessengerMessage(mid, psid, "load " + i))
                    .statusCode());
        });
    }

    @SuppressWarnings("unchecked")
    private List<String> sent() throws Exception {
        Collection<ServiceReference<Supplier>> refs = context.getServiceReferences(Supplier.class, "(acmechat.sent=true)");
        assertTrue("the chat bundle's sent-list service", !refs.isEmpty());
        return (List<String>) context.getService(refs.iterator().next()).get();
    }

    private int webhook(String token, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/webhooks/acmechat/chat"))
                .header("Content-Type", "application/json").header("X-Chat-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The chat package as a bundle of its own: its classes, an activator, and imports of social-api only. */
    private static void writeBundle(Path target) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "dev.parley.itests.acmechat");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", ChatActivator.class.getName());
        main.putValue("Import-Package", "dev.parley.social.api;version=\"[1.1,2)\",org.osgi.framework;version=\"[1.8,2)\"");
        Path temp = Files.createTempFile(target.getParent().getParent(), "acme-chat", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Class<?> type : List.of(ChatPlatform.class, ChatActivator.class)) {
                String entry = type.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
