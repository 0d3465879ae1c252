package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.Test;

/** The runnable artifact itself: boot, serve, stop on SIGTERM, keep tickets across restarts, refuse bad options. */
public class RuntimeProcessIT {

    private static final Duration BOOT = Duration.ofSeconds(90);

    @Test
    public void ticketSurvivesRestartAndShutdownIsClean() throws Exception {
        Path home = RuntimeLayout.newWorkDir("process-");
        int port = RuntimeLayout.freePort();
        long id;
        try (ParleyProcess first = ParleyProcess.start(home, port)) {
            String ready = first.awaitReady(BOOT);
            assertTrue(ready, ready.contains("http://localhost:" + port + "/"));
            Path token = home.resolve("etc/admin.token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
            String secret = Files.readString(token).strip();
            assertTrue("the token itself is never printed", first.output().stream().noneMatch(l -> l.contains(secret)));

            ApiClient.Reply created = first.api().post("/api/tickets",
                    "{\"subject\":\"Survives restarts\",\"requester\":{\"email\":\"restart@example.com\"}}");
            assertEquals(created.body(), 201, created.status());
            id = created.json().get("id").asLong();
            assertEquals("SIGTERM stops cleanly", 0, first.terminate(Duration.ofSeconds(30)));
        }
        assertTrue("console output also goes to the log file",
                Files.readString(home.resolve("log/parley.log")).contains("Parley is ready at"));

        try (ParleyProcess second = ParleyProcess.start(home, port)) {
            second.awaitReady(BOOT);
            ApiClient.Reply read = second.api().get("/api/tickets/" + id);
            assertEquals(read.body(), 200, read.status());
            assertEquals("Survives restarts", read.json().get("subject").asText());
            second.terminate(Duration.ofSeconds(30));
        }
    }

    @Test
    public void badCommandLineGetsUsageAndExitCode2() throws Exception {
        try (ParleyProcess process = ParleyProcess.start(RuntimeLayout.newWorkDir("usage-"), 1, "--colour", "red")) {
            assertEquals(2, process.awaitExit(Duration.ofSeconds(30)));
            Await.condition("the usage text", Duration.ofSeconds(5),
                    () -> process.output().stream().anyMatch(l -> l.contains("unknown option '--colour'")));
        }
    }
}
