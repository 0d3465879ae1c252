package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Nothing a customer wrote, and no token or secret, reaches the log of the real {@code parley.jar}:
 * signed webhooks (an X DM the sandbox delivers, a Messenger message signed here) with unique marker texts become tickets,
 * an agent answers one (sent through the sandbox X API), a signed delivery the parser refuses and an
 * API token created over REST go by; then {@code log/parley.log} is searched for every marker,
 * the tokens and the sandbox accounts' secrets.
 */
public class LogPrivacyIT {

    private static final Duration BOOT = Duration.ofSeconds(90);

    @Test
    public void noMessageBodyTokenOrSecretIsLogged() throws Exception {
        Path home = RuntimeLayout.newWorkDir("logprivacy-");
        int port = RuntimeLayout.freePort();
        String unique = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        secrets.put("customer DM", "dm" + unique);
        secrets.put("customer Messenger message", "ms" + unique);
        secrets.put("agent reply", "re" + unique);
        secrets.put("refused delivery", "bad" + unique);
        secrets.put("X consumer secret", SignedWebhooks.X_SECRET);
        secrets.put("X access token", "sandbox-x-token");
        secrets.put("Meta app secret", SignedWebhooks.META_SECRET);
        String sender = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 900_000_000L));
        try (ParleyProcess parley = ParleyProcess.start(home, port, "--sandbox")) {
            parley.awaitReady(BOOT);
            ApiClient api = parley.api();
            secrets.put("admin token", Files.readString(home.resolve("etc/admin.token")).strip());
            SignedWebhooks hooks = new SignedWebhooks(port);
            Await.condition("the sandbox X account's webhook", Duration.ofSeconds(60),
                    () -> hooks.get("/webhooks/x/" + SignedWebhooks.X_ACCOUNT + "?crc_token=ready").statusCode() == 200);
            Await.condition("the sandbox Meta account's webhook", Duration.ofSeconds(60),
                    () -> hooks.get("/webhooks/meta/" + SignedWebhooks.META_ACCOUNT + "?hub.mode=subscribe&hub.challenge=7"
                            + "&hub.verify_token=" + SignedWebhooks.META_VERIFY_TOKEN).statusCode() == 200);

            // the sandbox signs and delivers it to the connector, and knows the customer, so the reply can go out
            new SandboxClient(api).post("x", "dm", sender, "privacy" + sender, "my card number is "
                    + secrets.get("customer DM"), true);
            HttpResponse<String> messenger = hooks.postMeta(SignedWebhooks.metaMessengerMessage("mid." + unique,
                    "8" + sender, "my address is " + secrets.get("customer Messenger message")));
            assertEquals(messenger.body(), 200, messenger.statusCode());
            String refusedBody = "{\"for_user_id\":\"" + SignedWebhooks.X_USER_ID + "\",\"direct_message_events\":"
                    + secrets.get("refused delivery") + "}";
            HttpResponse<String> refused = hooks.postX(refusedBody);
            assertEquals(refused.body(), 400, refused.statusCode());

            long ticket = Await.until("the DM's ticket", Duration.ofSeconds(60), () -> ticketWith(api,
                    secrets.get("customer DM")));
            Await.until("the Messenger message's ticket", Duration.ofSeconds(60), () -> ticketWith(api,
                    secrets.get("customer Messenger message")));
            ApiClient.Reply reply = api.post("/api/tickets/" + ticket + "/messages",
                    "{\"text\":\"we are on it: " + secrets.get("agent reply") + "\",\"visibility\":\"PRIVATE\"}");
            assertEquals(reply.body(), 201, reply.status());
            SandboxClient.awaitDelivery(api, ticket, reply.json().get("id").asLong(), "SENT", Duration.ofSeconds(60));
            ApiClient.Reply token = api.post("/api/tokens", "{\"name\":\"log check\",\"role\":\"widget\"}");
            assertEquals(token.body(), 201, token.status());
            secrets.put("created API token", token.json().get("token").asText());
            assertEquals(200, new ApiClient(port, secrets.get("created API token")).get("/api/sla/tickets").status());
            assertEquals("SIGTERM stops cleanly", 0, parley.terminate(Duration.ofSeconds(30)));
        }
        String log = logs(home.resolve("log"));
        assertTrue("the log is the one that saw the traffic: " + log.length() + " chars",
                log.contains("Parley is ready at"));
        List<String> leaked = new ArrayList<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            log.lines().filter(line -> line.contains(secret.getValue()))
                    .forEach(line -> leaked.add(secret.getKey() + ": " + line));
        }
        assertTrue("logged:\n" + String.join("\n", leaked), leaked.isEmpty());
    }

    /** The id of the ticket holding a message with {@code marker}, or null (not there yet). */
    private static Long ticketWith(ApiClient api, String marker) {
        for (JsonNode ticket : api.get("/api/tickets?limit=200").json().path("tickets")) {
            long id = ticket.path("id").asLong();
            for (JsonNode message : api.get("/api/tickets/" + id + "/messages").json().path("messages")) {
                if (message.path("text").asText("").contains(marker)) {
                    return id;
                }
            }
        }
        return null;
    }

    /** Every log file, the rotated ones included. */
    private static String logs(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        assertFalse("no log files in " + dir, all.isEmpty());
        return all.toString();
    }
}
