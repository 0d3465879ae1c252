package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outbox survives a crash: the helpdesk is killed (SIGKILL) with 100 replies queued, some of
 * them on the wire, and after a restart every reply is delivered once. The platform (the sandbox)
 * runs in a second parley.jar, so it outlives the helpdesk and remembers everything it received.
 */
public class OutboundCrashIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final int REPLIES = 100;

    @Test
    public void aKilledRuntimeDeliversEveryQueuedReplyOnceAfterRestart() throws Exception {
        int platformPort = RuntimeLayout.freePort();
        int helpdeskPort = RuntimeLayout.freePort();
        Path platformHome = RuntimeLayout.newWorkDir("platform-");
        Path helpdeskHome = RuntimeLayout.newWorkDir("helpdesk-");
        Files.createDirectories(platformHome.resolve("etc"));
        Files.createDirectories(helpdeskHome.resolve("etc"));
        // the platform's sandbox delivers webhooks to the helpdesk; the helpdesk's X account calls the platform
        RuntimeLayout.writeConfig(platformHome.resolve("etc/dev.parley.social.sandbox.cfg"),
                "webhookBaseUrl=http://127.0.0.1:" + helpdeskPort + "\n");
        RuntimeLayout.writeConfig(helpdeskHome.resolve("etc/dev.parley.social.sandbox.cfg"), "enabled=false\n");
        RuntimeLayout.writeConfig(helpdeskHome.resolve("etc/dev.parley.social.account-sandbox-x.cfg"), String.join("\n",
                "name=sandbox-x", "platform=x", "accountId=1000000001", "handle=acme",
                "consumerSecret=sandbox-x-secret", "accessToken=sandbox-x-token", "mode=webhook",
                "apiBaseUrl=http://127.0.0.1:" + platformPort + "/sandbox/x", ""));
        RuntimeLayout.writeConfig(helpdeskHome.resolve("etc/dev.parley.social.outbound.cfg"), "reconcileDelayMillis=500\n");

        try (ParleyProcess platform = ParleyProcess.start(platformHome, platformPort, "--sandbox")) {
            platform.awaitReady(BOOT);
            ApiClient sandbox = platform.api();
            long ticket;
            List<Long> replies = new ArrayList<>();
            try (ParleyProcess helpdesk = ParleyProcess.start(helpdeskHome, helpdeskPort)) {
                helpdesk.awaitReady(BOOT);
                ApiClient api = helpdesk.api();
                Await.condition("the helpdesk's X account", Duration.ofSeconds(30),
                        () -> api.get("/api/social/accounts/sandbox-x").status() == 200);
                ApiClient.Reply posted = sandbox.post("/sandbox/api/customer-posts?wait=true", "{\"platform\":\"x\","
                        + "\"kind\":\"dm\",\"authorId\":\"900000001\",\"authorHandle\":\"gil\",\"text\":\"Where is my refund?\"}");
                assertEquals(posted.body(), 200, posted.status());
                ticket = Await.until("the DM's ticket", Duration.ofSeconds(20), () -> {
                    JsonNode found = api.get("/api/tickets?channel=x").json().path("tickets");
                    return found.size() == 1 ? found.get(0).get("id").asLong() : null;
                });
                // a slow platform: replies pile up in the outbox, one is on the wire when the helpdesk dies
                sandbox.post("/sandbox/api/faults", "{\"platform\":\"x\",\"api\":{\"delayMs\":150}}");
                for (int i = 0; i < REPLIES; i++) {
                    ApiClient.Reply reply = api.post("/api/tickets/" + ticket + "/messages",
                            "{\"text\":\"Reply number " + i + "\",\"visibility\":\"PRIVATE\"}");
                    assertEquals(reply.body(), 201, reply.status());
                    replies.add(reply.json().get("id").asLong());
                }
                Await.condition("some replies sent before the crash", Duration.ofSeconds(30),
                        () -> sentTexts(sandbox).size() >= 10);
                helpdesk.kill();
            }
            int beforeRestart = sentTexts(sandbox).size();
            assertTrue("the crash left replies queued (" + beforeRestart + " sent)", beforeRestart < REPLIES);
            sandbox.delete("/sandbox/api/faults");

            try (ParleyProcess helpdesk = ParleyProcess.start(helpdeskHome, helpdeskPort)) {
                helpdesk.awaitReady(BOOT);
                ApiClient api = helpdesk.api();
                Await.condition("all " + REPLIES + " replies SENT", Duration.ofSeconds(90), () -> {
                    JsonNode messages = api.get("/api/tickets/" + ticket + "/messages").json().path("messages");
                    int sent = 0;
                    for (JsonNode m : messages) {
                        sent += "SENT".equals(m.path("delivery").asText()) ? 1 : 0;
                    }
                    return sent == REPLIES;
                });
                Map<String, Integer> received = sentTexts(sandbox);
                assertEquals("every reply reached the platform", REPLIES, received.size());
                received.forEach((text, times) -> assertEquals(text + " posted once", 1, (int) times));
                helpdesk.terminate(Duration.ofSeconds(30));
            }
            platform.terminate(Duration.ofSeconds(30));
        }
    }

    /** Texts of the DMs the platform accepted, with how many times each was posted. */
    private static Map<String, Integer> sentTexts(ApiClient sandbox) {
        Map<String, Integer> texts = new HashMap<>();
        for (JsonNode call : sandbox.get("/sandbox/api/sent?platform=x").json().path("sent")) {
            if (call.path("path").asText().startsWith("/2/dm_conversations/") && call.path("status").asInt() == 201) {
                texts.merge(call.path("body").path("text").asText(), 1, Integer::sum);
            }
        }
        return texts;
    }
}
