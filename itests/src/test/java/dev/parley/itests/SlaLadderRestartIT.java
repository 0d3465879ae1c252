package dev.parley.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Test;

/**
 * WARNING and BREACHED are posted once per target, and restarting the real {@code parley.jar} in
 * between repeats neither. Policy targets are whole minutes, so a one-minute first reply is the
 * shortest honest breach; the ladder passes every second ({@code ladderTickSeconds=1}) and warns at
 * 25% (15 s), so the first run sees the warning, the second the breach, and a third start shows
 * that neither comes back. The ladder logs one line per event it posts; the stream proves the
 * events went through EventAdmin.
 */
public class SlaLadderRestartIT {

    private static final Duration BOOT = Duration.ofSeconds(90);

    @Test
    public void warningAndBreachFireOnceEachAcrossRestarts() throws Exception {
        Path home = RuntimeLayout.newWorkDir("sla-ladder-");
        Files.createDirectories(home.resolve("etc"));
        RuntimeLayout.writeConfig(home.resolve("etc/dev.parley.sla.policy-fast.cfg"),
                "name=fast\nchannels=web\nfirstReplyMinutes=1\nresolutionMinutes=600\n");
        RuntimeLayout.writeConfig(home.resolve("etc/dev.parley.sla.cfg"), "ladderTickSeconds=1\nwarningPercent=25\n");
        int port = RuntimeLayout.freePort();
        long late;

        try (ParleyProcess first = ParleyProcess.start(home, port)) {
            first.awaitReady(BOOT);
            awaitPolicy(first.api());
            try (SlaEventStream stream = SlaEventStream.open(port, ApiClient.adminToken(home))) {
                late = create(first.api(), "Still waiting for a reply");
                Await.condition("WARNING for #" + late + " on the stream", Duration.ofSeconds(30),
                        () -> stream.count("warning", late) == 1);
                assertEquals("not breached before the restart", 0, stream.count("breached", late));
            }
            assertEquals(1, lines(first, "WARNING", late));
            assertEquals(0, first.terminate(Duration.ofSeconds(30)));
        }

        try (ParleyProcess second = ParleyProcess.start(home, port)) {
            second.awaitReady(BOOT);
            try (SlaEventStream stream = SlaEventStream.open(port, ApiClient.adminToken(home))) {
                Await.condition("BREACHED for #" + late + " on the stream", Duration.ofSeconds(70),
                        () -> stream.count("breached", late) == 1);
                assertEquals("the warning is not posted again after the restart", 0, stream.count("warning", late));
            }
            assertEquals(0, lines(second, "WARNING", late));
            assertEquals(1, lines(second, "BREACHED", late));
            assertEquals(0, second.terminate(Duration.ofSeconds(30)));
        }

        try (ParleyProcess third = ParleyProcess.start(home, port)) {
            third.awaitReady(BOOT);
            // a new ticket's warning proves the ladder has made passes since this start
            long fresh = create(third.api(), "A new question");
            Await.condition("WARNING for the new ticket #" + fresh, Duration.ofSeconds(30),
                    () -> lines(third, "WARNING", fresh) == 1);
            assertEquals(0, lines(third, "WARNING", late));
            assertEquals(0, lines(third, "BREACHED", late));
            assertEquals("BREACHED", third.api().get("/api/sla/tickets/" + late).json().at("/nextDue/state").asText());
            third.terminate(Duration.ofSeconds(30));
        }
    }

    /** The fast policy is a FileInstall configuration: wait until the SLA bundle has it. */
    private static void awaitPolicy(ApiClient api) {
        Await.condition("the one-minute policy", Duration.ofSeconds(30),
                () -> api.get("/api/sla/policies").body().contains("\"name\":\"fast\""));
    }

    private static long create(ApiClient api, String subject) {
        ApiClient.Reply reply = api.post("/api/tickets", "{\"subject\":\"" + subject + "\",\"channel\":\"web\","
                + "\"requester\":{\"email\":\"ladder@customers.example\"},\"description\":\"hello\"}");
        assertEquals(reply.body(), 201, reply.status());
        return reply.json().get("id").asLong();
    }

    /** Log lines of the ladder posting {@code topic} for the first-reply target of {@code ticketId}. */
    private static long lines(ParleyProcess parley, String topic, long ticketId) {
        String line = "SLA " + topic + " for ticket " + ticketId + ": FIRST_REPLY";
        return parley.output().stream().filter(l -> l.contains(line)).count();
    }
}
