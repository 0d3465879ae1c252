package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.Bundle;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.Visibility;

/**
 * The escalation plugin in the real runtime: the shipped default rules on the messages they are
 * meant for and their near-misses, an integrator's rule bundle hot-installed and removed through
 * deploy/, a broken rule file refused while the previous rules keep running, and a dry run.
 * The tests share one runtime, so each uses its own customers and rule names.
 */
@RunWith(PaxExam.class)
public class EscalationIT extends ParleyTestSupport {

    private static final String ANGRY = "@acme This is the worst airline ever, you lost my bag and nobody cares. Terrible!";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A catch-all rule file: its audit entry proves an event was processed, so a missing entry means "did not fire". */
    private static final String SEEN = "it-seen";

    @Inject
    private TicketService tickets;
    @Inject
    private CustomerService customers;
    @Inject
    private EventAdmin events;
    @Inject
    private CommandProcessor shell;

    @Test
    public void defaultRulesFireOnTheirMessagesAndNotOnNearMisses() {
        ApiClient api = api();
        // a common question in private: instant answer, ticket left open
        long faq = createByRest(api, "Where is my order? I ordered last week.");
        JsonNode answered = awaitRule(api, faq, "common-question-auto-reply");
        assertEquals("APPLIED", answered.get("actions").get(0).get("status").asText());
        JsonNode faqTicket = api.get("/api/tickets/" + faq).json();
        assertTrue(faqTicket.toString(), faqTicket.get("messages").get(1).get("text").asText().endsWith("(automated reply)"));
        assertTrue(faqTicket.get("status").asText().matches("NEW|OPEN"));

        // strongly negative in public from a high-reach author: HIGH; the same from a small account: a reply suggestion
        long loud = publicMessage(customer("loud"), ANGRY, 250_000, false);
        awaitRule(api, loud, "negative-high-reach");
        assertEquals("HIGH", api.get("/api/tickets/" + loud).json().get("priority").asText());
        long quiet = publicMessage(customer("quiet"), ANGRY, 300, false);
        awaitRule(api, quiet, "public-complaint-suggest-reply");
        assertEquals("NORMAL", api.get("/api/tickets/" + quiet).json().get("priority").asText());
        assertFalse(rules(api, quiet).contains("public-help-request-to-dm"));

        // an explicit public help request from an author we may DM: handed to the connector
        long help = publicMessage(customer("helpme"), "@acme please help, booking ABC12345 is gone", 10, true);
        JsonNode handoff = awaitRule(api, help, "public-help-request-to-dm");
        assertTrue(handoff.toString(), handoff.toString().contains("handOffToDm"));
        assertFalse("the connector is installed", handoff.toString().contains("no social connector"));

        // near-misses: praise in public, and a question-less private note: no default rule fires
        installSeenRule(api);
        long praise = publicMessage(customer("fan"), "@acme lovely crew today, thank you!", 250_000, true);
        long plain = createByRest(api, "Hello, I am writing about my invoice from March.");
        awaitRule(api, praise, SEEN);
        awaitRule(api, plain, SEEN);
        assertEquals(1, api.get("/api/tickets/" + praise + "/escalations").json().get("escalations").size());
        assertEquals(1, api.get("/api/tickets/" + plain + "/escalations").json().get("escalations").size());

        // SLA breached: URGENT and escalated
        events.postEvent(new Event("parley/sla/BREACHED", Map.of("ticket.id", plain, "sla.target", "FIRST_REPLY",
                "sla.cycle", 1)));
        awaitRule(api, plain, "sla-breached-escalate");
        assertEquals("URGENT", api.get("/api/tickets/" + plain).json().get("priority").asText());
    }

    @Test
    public void anIntegratorRuleBundleTakesEffectWhenDroppedAndStopsWhenRemoved() throws IOException {
        ApiClient api = api();
        RuntimeLayout.writeConfig(home().resolve("etc").resolve("dev.parley.example.vip.cfg"), "customers=vipann\ngroup=vip-desk\n");
        Path jar = home().resolve("deploy").resolve("escalation-example-vip.jar");
        Path temp = Files.createTempFile(home(), "vip", ".tmp");
        Files.copy(exampleJar(), temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, jar, StandardCopyOption.ATOMIC_MOVE);
        Await.condition("the example rule listed", WAIT, () -> api.get("/api/escalation/rules").body()
                .contains("\"example-vip\""));

        Customer vip = customer("vipann");
        long first = publicMessage(vip, "@acme where is my order", 10, false);
        JsonNode fired = awaitRule(api, first, "example-vip");
        assertTrue(fired.get("source").asText().contains("escalation-example-vip"));
        JsonNode ticket = api.get("/api/tickets/" + first).json();
        assertEquals("URGENT", ticket.get("priority").asText());
        assertEquals("vip-desk", ticket.get("group").asText());

        Files.delete(jar);
        Await.condition("the example rule gone", WAIT, () -> !api.get("/api/escalation/rules").body()
                .contains("\"example-vip\""));
        long second = createByRestFor(api, "vipann", "What are your opening hours?");
        awaitRule(api, second, "common-question-auto-reply");
        assertFalse(rules(api, second).contains("example-vip"));
        assertEquals("NORMAL", api.get("/api/tickets/" + second).json().get("priority").asText());
    }

    @Test
    public void aBrokenRuleFileIsRefusedPreciselyAndThePreviousRulesKeepWorking() throws IOException {
        ApiClient api = api();
        Path dir = Files.createDirectories(home().resolve("etc").resolve("rules"));
        write(dir.resolve("acme.json"), """
                {"rules": [{"name": "acme-refund", "when": {"keywords": ["refund"]}, "then": [{"addTags": ["refund"]}]}]}
                """);
        Await.condition("acme-refund loaded", WAIT, () -> api.get("/api/escalation/rules").body().contains("acme-refund"));
        long before = createByRest(api, "I want a refund for my ticket");
        awaitRule(api, before, "acme-refund");

        write(dir.resolve("acme.json"), """
                {"rules": [{"name": "acme-refund", "when": {"all": [{"keywords": ["refund"]}, {"sentimentBelow": "low"}]},
                  "then": [{"addTags": ["refund"]}]}]}
                """);
        JsonNode error = Await.until("the refusal reported", WAIT, () -> {
            JsonNode errors = api.get("/api/escalation/rules").json().get("errors");
            return errors.size() > 0 ? errors.get(0) : null;
        });
        assertEquals("acme.json", error.get("file").asText());
        assertEquals("$.rules[0].when.all[1].sentimentBelow", error.get("path").asText());
        assertEquals("expected a number, got \"low\"", error.get("reason").asText());

        long after = createByRest(api, "Please refund me, the flight was cancelled");
        awaitRule(api, after, "acme-refund");
        assertTrue(api.get("/api/tickets/" + after).json().get("tags").toString().contains("refund"));
    }

    @Test
    public void aCatastrophicRegexCannotHoldExplainAndABackreferenceIsRefusedWithItsIndex() throws IOException {
        ApiClient api = api();
        Path dir = Files.createDirectories(home().resolve("etc").resolve("rules"));
        write(dir.resolve("nested.json"), """
                {"rules": [{"name": "nested-a", "when": {"regex": "(a+)+$"}, "then": [{"addTags": ["nested"]}]}]}
                """);
        Await.condition("nested-a loaded", WAIT, () -> api.get("/api/escalation/rules").body().contains("nested-a"));
        // java.util.regex backtracks 2^20000 ways on this text; RE2 reads it once
        long started = System.nanoTime();
        ApiClient.Reply explained = api.post("/api/escalation/explain", "{\"text\": \"" + "a".repeat(20_000) + "!\"}");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(explained.body(), 200, explained.status());
        assertFalse(explained.body(), explained.json().get("fired").toString().contains("nested-a"));
        assertTrue("explain took " + millis + " ms", millis < 5_000);

        write(dir.resolve("echo.json"), """
                {"rules": [{"name": "echo", "when": {"regex": "(ab)x\\\\1"}, "then": [{"addTags": ["echo"]}]}]}
                """);
        JsonNode error = Await.until("the backreference refused", WAIT, () -> {
            for (JsonNode e : api.get("/api/escalation/rules").json().get("errors")) {
                if (e.get("file").asText().equals("echo.json")) {
                    return e;
                }
            }
            return null;
        });
        assertEquals("$.rules[0].when.regex", error.get("path").asText());
        assertTrue(error.toString(), error.get("reason").asText().contains("at index 5"));
        assertTrue(error.toString(), error.get("reason").asText().contains("backreferences"));

        // the other tests of this class share the container: leave its rules as they were
        Files.delete(dir.resolve("echo.json"));
        Files.delete(dir.resolve("nested.json"));
        Await.condition("the regex rule files unloaded", WAIT, () -> {
            String rules = api.get("/api/escalation/rules").body();
            return !rules.contains("echo.json") && !rules.contains("nested-a");
        });
    }

    @Test
    public void explainChangesNothingAndBadRequestsAreProblems() {
        ApiClient api = api();
        installSeenRule(api); // the lowest-ranked rule: once it is in the audit, the event is fully applied
        long id = createByRest(api, "What are your opening hours on Sunday?");
        awaitRule(api, id, "common-question-auto-reply");
        awaitRule(api, id, SEEN);
        JsonNode ticketBefore = api.get("/api/tickets/" + id).json();
        String auditBefore = api.get("/api/tickets/" + id + "/escalations").body();

        ApiClient.Reply explained = api.post("/api/escalation/explain", "{\"ticketId\": " + id + "}");
        assertEquals(explained.body(), 200, explained.status());
        assertTrue(explained.body(), explained.body().contains("common-question-auto-reply"));
        assertFalse(explained.json().get("changed").asBoolean());
        ApiClient.Reply text = api.post("/api/escalation/explain",
                "{\"text\": \"" + ANGRY + "\", \"followers\": 500000, \"visibility\": \"PUBLIC\"}");
        assertTrue(text.body(), text.body().contains("negative-high-reach"));

        assertEquals(ticketBefore, api.get("/api/tickets/" + id).json());
        assertEquals(auditBefore, api.get("/api/tickets/" + id + "/escalations").body());

        ApiClient.Reply bad = api.post("/api/escalation/explain", "{\"followers\": \"many\", \"text\": \"hi\"}");
        assertEquals(400, bad.status());
        assertTrue(bad.contentType(), bad.contentType().startsWith("application/problem+json"));
        assertEquals("followers", bad.json().get("field").asText());
        assertEquals(404, api.post("/api/escalation/explain", "{\"ticketId\": 999999}").status());
        assertEquals(405, api.get("/api/escalation/explain").status());
    }

    @Test
    public void shellListsExplainsAndSwitchesRules() throws Exception {
        ApiClient api = api();
        String rules = run("parley:rules");
        assertTrue(rules, rules.contains("common-question-auto-reply") && rules.contains("built-in"));
        String explained = run("parley:explain \"" + ANGRY + "\"");
        assertTrue(explained, explained.contains("public-complaint-suggest-reply"));
        assertEquals("no rule named 'nope'; parley:rules lists them", run("parley:rule-disable nope"));

        assertEquals("rule common-question-auto-reply disabled", run("parley:rule-disable common-question-auto-reply"));
        installSeenRule(api);
        long off = createByRest(api, "What are your opening hours?");
        awaitRule(api, off, SEEN);
        assertFalse(rules(api, off).contains("common-question-auto-reply"));

        assertEquals("rule common-question-auto-reply enabled", run("parley:rule-enable common-question-auto-reply"));
        awaitRule(api, createByRest(api, "What are your opening hours?"), "common-question-auto-reply");
    }

    @Test
    public void updatingTheEngineTenTimesLeavesNoThreadBehindAndRulesStillRun() throws Exception {
        ApiClient api = api();
        Bundle engine = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "dev.parley.escalation".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Await.condition("the engine serving", WAIT, () -> api.get("/api/escalation/rules").status() == 200);
        long before = engineThreads();
        for (int i = 0; i < 10; i++) {
            engine.update();
            Await.condition("the engine back after update " + (i + 1), WAIT,
                    () -> engine.getState() == Bundle.ACTIVE && api.get("/api/escalation/rules").status() == 200);
        }
        Await.condition("no more engine threads than before (" + before + ")", WAIT, () -> engineThreads() <= before);
        awaitRule(api, createByRest(api, "What are your opening hours?"), "common-question-auto-reply");
    }

    private static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("parley-escalation"))
                .count();
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            return (result == null ? out.toString(StandardCharsets.UTF_8) : String.valueOf(result)).strip();
        }
    }

    private Customer customer(String handle) {
        return customers.resolve(new ChannelIdentity("x", handle + "-" + UUID.randomUUID(), Optional.of(handle)), handle);
    }

    /** A customer's public post on X that opens a ticket, with the author facts the social processor records. */
    private long publicMessage(Customer from, String text, long followers, boolean canDm) {
        NewMessage message = NewMessage.inbound(from, "x", Visibility.PUBLIC, "it-" + UUID.randomUUID(), text, null)
                .withProperties(Map.of("social.followerCount", Long.toString(followers), "social.canReceiveDm",
                        Boolean.toString(canDm)));
        Ticket ticket = tickets.create(NewTicket.of("post", "x", from.id(), message));
        return ticket.id();
    }

    private static long createByRest(ApiClient api, String description) {
        return createByRestFor(api, "rest-" + UUID.randomUUID(), description);
    }

    private static long createByRestFor(ApiClient api, String name, String description) {
        ApiClient.Reply created = api.post("/api/tickets", "{\"subject\":\"Question\",\"channel\":\"web\",\"requester\":"
                + "{\"email\":\"" + name + "@example.com\",\"name\":\"" + name + "\"},\"description\":\"" + description + "\"}");
        assertEquals(created.body(), 201, created.status());
        return created.json().get("id").asLong();
    }

    private static JsonNode awaitRule(ApiClient api, long ticketId, String rule) {
        return Await.until(rule + " in the audit of ticket " + ticketId, WAIT, () -> {
            for (JsonNode entry : api.get("/api/tickets/" + ticketId + "/escalations").json().get("escalations")) {
                if (rule.equals(entry.get("rule").asText())) {
                    return entry;
                }
            }
            return null;
        });
    }

    private static String rules(ApiClient api, long ticketId) {
        return api.get("/api/tickets/" + ticketId + "/escalations").json().get("escalations").toString();
    }

    private void installSeenRule(ApiClient api) {
        try {
            write(Files.createDirectories(home().resolve("etc").resolve("rules")).resolve("seen.json"),
                    "{\"rules\": [{\"name\": \"" + SEEN + "\", \"ranking\": -100, \"then\": [{\"addTags\": [\"seen\"]}]}]}");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Await.condition(SEEN + " loaded", WAIT, () -> api.get("/api/escalation/rules").body().contains(SEEN));
    }

    private static void write(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent().getParent(), "rule", ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The example bundle as the reactor built it (bundles/escalation-example-vip/target). */
    private static Path exampleJar() throws IOException {
        Path target = RuntimeLayout.runtimeDir().resolve("../../bundles/escalation-example-vip/target").normalize();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "escalation-example-vip-*.jar")) {
            for (Path jar : jars) {
                if (!jar.toString().endsWith("-sources.jar")) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("build bundles/escalation-example-vip first: no jar in " + target);
    }
}
