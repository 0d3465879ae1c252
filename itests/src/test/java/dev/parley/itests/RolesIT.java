package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Roles over real HTTP: a widget token reads SLA clocks and nothing else, an agent token works
 * tickets but administers nothing, and tokens are created, listed (never shown again) and revoked
 * through the API and the Gogo shell.
 */
@RunWith(PaxExam.class)
public class RolesIT extends ParleyTestSupport {

    private static final String NEW_TICKET = "{\"subject\":\"Role check\",\"requester\":{\"name\":\"Ann\","
            + "\"email\":\"ann@example.com\"},\"description\":\"where is my bag\"}";

    @Inject
    private CommandProcessor shell;

    @Test
    public void aWidgetTokenReadsSlaClocksAndTheStreamButNothingElse() throws Exception {
        ApiClient admin = api();
        ApiClient widget = new ApiClient(httpPort(), create(admin, "lobby screen", "widget").get("token").asText());
        Await.condition("the SLA plugin answers", Duration.ofSeconds(30),
                () -> admin.get("/api/sla/policies").status() == 200);

        assertEquals(200, widget.get("/api/sla/policies").status());
        assertEquals(200, widget.get("/api/sla/tickets").status());
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort() + "/api/sla/stream"))
                .header("Authorization", "Bearer " + widget.token()).build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        } finally {
            stream.body().close();
        }

        assertForbidden(widget.post("/api/plugins", "{\"location\":\"mvn:dev.parley/evil/1.0\"}"), "admin");
        assertForbidden(widget.post("/api/tickets", NEW_TICKET), "agent");
        assertForbidden(widget.get("/api/tickets"), "agent");
        assertForbidden(widget.get("/api/tokens"), "admin");
        assertForbidden(widget.post("/api/escalation/explain", "{\"text\":\"help\"}"), "agent");
    }

    @Test
    public void anAgentTokenWorksTicketsUnderItsNameButAdministersNothing() {
        ApiClient admin = api();
        ApiClient agent = new ApiClient(httpPort(), create(admin, "Bea Agent", "agent").get("token").asText());

        ApiClient.Reply created = agent.post("/api/tickets", NEW_TICKET);
        assertEquals(created.body(), 201, created.status());
        long id = created.json().get("id").asLong();
        ApiClient.Reply reply = agent.post("/api/tickets/" + id + "/messages", "{\"text\":\"On it\",\"visibility\":\"PUBLIC\"}");
        assertEquals(reply.body(), 201, reply.status());
        assertEquals("Bea Agent", reply.json().get("author").get("name").asText()); // the token's name is the author
        assertEquals(200, agent.get("/api/tickets/" + id).status());
        Await.condition("the SLA plugin answers", Duration.ofSeconds(30),
                () -> admin.get("/api/sla/policies").status() == 200);
        assertEquals(200, agent.get("/api/sla/tickets").status()); // an agent sees what the widget sees

        assertForbidden(agent.get("/api/plugins"), "admin");
        assertForbidden(agent.post("/api/plugins", "{\"location\":\"mvn:dev.parley/evil/1.0\"}"), "admin");
        assertForbidden(agent.get("/api/tokens"), "admin");
        assertForbidden(agent.post("/api/tokens", "{\"name\":\"me too\",\"role\":\"admin\"}"), "admin");
        assertForbidden(agent.post("/api/social/inbox/replay", "{}"), "admin");
        assertForbidden(agent.get("/api/no-such-plugin-path"), "admin"); // deny by default
    }

    @Test
    public void tokensAreShownOnceListedWithoutSecretAndRevokedAtOnce() {
        ApiClient admin = api();
        JsonNode created = create(admin, "crm integration", "agent");
        String token = created.get("token").asText();
        long id = created.get("id").asLong();
        assertEquals("crm integration", created.get("name").asText());
        assertEquals("agent", created.get("role").asText());
        ApiClient crm = new ApiClient(httpPort(), token);
        assertEquals(200, crm.get("/api/tickets").status());

        ApiClient.Reply list = admin.get("/api/tokens");
        assertEquals(200, list.status());
        assertFalse(list.body(), list.body().contains(token));
        assertFalse(list.body(), list.body().contains(token.substring(4, 20)));
        JsonNode listed = find(list.json().get("tokens"), id);
        assertEquals("crm integration", listed.get("name").asText());
        assertEquals("agent", listed.get("role").asText());
        assertNotNull(listed.get("created").asText());
        assertFalse(listed.has("token"));
        assertTrue(listed.toString(), listed.get("lastUsed").isTextual()); // it was just used
        assertFalse(admin.get("/api/tokens/" + id).body().contains(token));

        ApiClient.Reply badRole = admin.post("/api/tokens", "{\"name\":\"x\",\"role\":\"root\"}");
        assertEquals(400, badRole.status());
        assertEquals("role", badRole.json().get("field").asText());
        assertEquals(400, admin.post("/api/tokens", "{\"role\":\"agent\"}").status());

        ApiClient.Reply revoked = admin.delete("/api/tokens/" + id);
        assertEquals(revoked.body(), 204, revoked.status());
        ApiClient.Reply after = crm.get("/api/tickets");
        assertEquals(after.body(), 401, after.status());
        assertEquals("application/problem+json", after.contentType().split(";")[0]);
        assertEquals(404, admin.delete("/api/tokens/" + id).status());
    }

    /** Revocation reaches a stream opened before it: the SLA stream ends at its next keep-alive (15 s). */
    @Test
    public void aRevokedTokensOpenStreamEnds() throws Exception {
        ApiClient admin = api();
        JsonNode created = create(admin, "wallboard", "widget");
        try (SlaEventStream stream = SlaEventStream.open(httpPort(), created.get("token").asText())) {
            assertFalse(stream.ended());
            assertEquals(204, admin.delete("/api/tokens/" + created.get("id").asLong()).status());
            Await.condition("the revoked token's stream to end", java.time.Duration.ofSeconds(40), stream::ended);
        }
        JsonNode kept = create(admin, "other wallboard", "widget");
        try (SlaEventStream stream = SlaEventStream.open(httpPort(), kept.get("token").asText())) {
            Thread.sleep(16_000); // past a keep-alive: a valid token's stream stays open
            assertFalse("a valid token's stream stays open", stream.ended());
        }
    }

    @Test
    public void aTokenLimitedToPathsStaysWithinThem() {
        ApiClient admin = api();
        ApiClient.Reply created = admin.post("/api/tokens",
                "{\"name\":\"ticket sync\",\"role\":\"agent\",\"paths\":[\"/api/tickets\"]}");
        assertEquals(created.body(), 201, created.status());
        ApiClient sync = new ApiClient(httpPort(), created.json().get("token").asText());
        assertEquals(200, sync.get("/api/tickets").status());
        ApiClient.Reply outside = sync.post("/api/escalation/explain", "{\"text\":\"help\"}");
        assertEquals(outside.body(), 403, outside.status());
        assertTrue(outside.body(), outside.json().get("detail").asText().contains("limited to /api/tickets"));
    }

    @Test
    public void shellCommandsCreateListAndRevokeTokens() throws Exception {
        String out = run("parley:token-create night-shift agent");
        Matcher m = Pattern.compile("token (\\d+) 'night-shift' \\(agent\\): (prl_\\S+)").matcher(out);
        assertTrue(out, m.find());
        long id = Long.parseLong(m.group(1));
        ApiClient night = new ApiClient(httpPort(), m.group(2)).awaitHealthy(Duration.ofSeconds(30));
        assertEquals(201, night.post("/api/tickets", NEW_TICKET).status());
        assertForbidden(night.get("/api/plugins"), "admin");

        String list = run("parley:tokens");
        assertTrue(list, list.startsWith("ID") && list.contains("night-shift") && list.contains("agent"));
        assertFalse(list, list.contains(m.group(2)));

        assertTrue(run("parley:token-create x boss").startsWith("unknown role 'boss'"));
        assertEquals("token ids are numbers, not 'abc'; parley:tokens lists them", run("parley:token-revoke abc"));
        assertEquals("token " + id + " revoked", run("parley:token-revoke " + id));
        assertEquals(401, night.get("/api/tickets").status());
        assertEquals("no token " + id, run("parley:token-revoke " + id));
    }

    @Test
    public void configuredTokensCarryTheirRoleAndGrantsOpenPathsWithoutARestart() throws Exception {
        ApiClient admin = api();
        ApiClient agent = new ApiClient(httpPort(), create(admin, "Cy Agent", "agent").get("token").asText());
        assertForbidden(agent.get("/api/escalation/rules"), "admin");

        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.helpdesk.auth.cfg"),
                "tokens=wall:widget:wall-token-0123456789\n"
                        + "grants=agent GET /api/escalation/rules; nonsense that opens nothing\n");
        Await.condition("the grant to apply", Duration.ofSeconds(30),
                () -> agent.get("/api/escalation/rules").status() == 200);

        ApiClient wall = new ApiClient(httpPort(), "wall-token-0123456789");
        Await.condition("the SLA plugin answers", Duration.ofSeconds(30),
                () -> wall.get("/api/sla/policies").status() == 200);
        assertForbidden(wall.get("/api/tickets"), "agent");
        assertEquals(200, admin.get("/api/plugins").status()); // no configured admin: admin.token still is one
        assertForbidden(agent.get("/api/plugins"), "admin");
    }

    private static JsonNode create(ApiClient admin, String name, String role) {
        ApiClient.Reply created = admin.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(created.body(), 201, created.status());
        assertTrue(created.json().get("token").asText().startsWith("prl_"));
        return created.json();
    }

    private static JsonNode find(JsonNode tokens, long id) {
        for (JsonNode t : tokens) {
            if (t.get("id").asLong() == id) {
                return t;
            }
        }
        throw new AssertionError("token " + id + " not in " + tokens);
    }

    private static void assertForbidden(ApiClient.Reply reply, String role) {
        assertEquals(reply.body(), 403, reply.status());
        assertEquals("application/problem+json", reply.contentType().split(";")[0]);
        assertEquals(reply.body(), role, reply.json().get("requiredRole").asText());
        assertTrue(reply.body(), reply.json().get("detail").asText().contains("needs the '" + role + "' role"));
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            return (result == null ? out.toString(StandardCharsets.UTF_8) : String.valueOf(result)).strip();
        }
    }
}
