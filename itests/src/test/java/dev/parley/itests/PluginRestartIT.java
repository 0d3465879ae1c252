package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Plugin administration across restarts of the real parley.jar: a removed plugin stays removed,
 * a plugin removed and installed again comes back (once) after a restart, an install from a server
 * that never answers gives up within the configured read timeout, and Maven coordinates that are
 * paths are refused.
 */
public class PluginRestartIT {

    private static final Duration BOOT = Duration.ofSeconds(90);

    @Test
    public void removalAndReinstallSurviveRestarts() throws Exception {
        Path home = RuntimeLayout.newWorkDir("plugin-restart-");
        int port = RuntimeLayout.freePort();
        Path slaJar = RuntimeLayout.bundles().stream().filter(b -> b.artifactId().equals("sla")).findFirst()
                .orElseThrow().jar();
        Path copy = home.resolve("sla-again.jar"); // installed from outside the launcher, as an administrator would
        Files.copy(slaJar, copy);

        try (ParleyProcess first = ParleyProcess.start(home, port)) {
            first.awaitReady(BOOT);
            ApiClient api = first.api();
            assertEquals(200, api.get("/api/plugins/sla").status());
            ApiClient.Reply removed = api.delete("/api/plugins/sla");
            assertEquals(removed.body(), 200, removed.status());
            assertEquals(0, first.terminate(Duration.ofSeconds(30)));
        }
        try (ParleyProcess second = ParleyProcess.start(home, port)) {
            second.awaitReady(BOOT);
            ApiClient api = second.api();
            assertEquals("the removed plugin stays removed", 404, api.get("/api/plugins/sla").status());
            assertEquals(404, api.get("/api/sla/tickets").status());
            ApiClient.Reply installed = api.post("/api/plugins", "{\"location\":\"" + copy.toUri() + "\"}");
            assertEquals(installed.body(), 201, installed.status());
            assertEquals(0, second.terminate(Duration.ofSeconds(30)));
        }
        try (ParleyProcess third = ParleyProcess.start(home, port)) {
            third.awaitReady(BOOT); // used to hang: "Bundle symbolic name and version are not unique"
            ApiClient api = third.api();
            JsonNode sla = Await.until("the reinstalled SLA plugin UP", Duration.ofSeconds(30), () -> {
                ApiClient.Reply reply = api.get("/api/plugins/sla");
                return reply.status() == 200 && "UP".equals(reply.json().path("health").asText()) ? reply.json() : null;
            });
            assertEquals("one SLA bundle, not the shipped one beside the reinstalled one", 1, sla.get("bundles").size());
            assertEquals(200, api.get("/api/sla/tickets").status());
            assertTrue(third.output().toString(), third.output().stream().noneMatch(l -> l.contains("not unique")));
            assertEquals(0, third.terminate(Duration.ofSeconds(30)));
        }
    }

    @Test
    public void installFromSilentServerGivesUpWithinReadTimeoutAndMavenPathsAreRefused() throws Exception {
        Path home = RuntimeLayout.newWorkDir("plugin-timeout-");
        Files.createDirectories(home.resolve("etc"));
        RuntimeLayout.writeConfig(home.resolve("etc/dev.parley.helpdesk.plugins.cfg"), "readTimeoutSeconds=1\nconnectTimeoutSeconds=1\n");
        int port = RuntimeLayout.freePort();
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0); ParleyProcess parley = ParleyProcess.start(home, port)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepts, reads nothing, answers nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            parley.awaitReady(BOOT);
            ApiClient api = parley.api();

            String location = "http://127.0.0.1:" + silent.getLocalPort() + "/plugin.jar";
            long started = System.nanoTime();
            ApiClient.Reply hung = api.post("/api/plugins", "{\"location\":\"" + location + "\"}");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(hung.body(), 422, hung.status());
            assertTrue(hung.contentType(), hung.contentType().startsWith("application/problem+json"));
            assertTrue(hung.body(), hung.json().get("detail").asText().contains("readTimeoutSeconds"));
            assertTrue("gave up after " + millis + " ms", millis < 10_000);

            for (String path : List.of("mvn:../../etc/admin/token", "mvn:dev.parley/sla/..", "mvn:dev.parley/../x/1",
                    "mvn:dev.parley/sla/1.0/jar/../../x", "mvn:.hidden/sla/1")) {
                ApiClient.Reply refused = api.post("/api/plugins", "{\"location\":\"" + path + "\"}");
                assertEquals(path + ": " + refused.body(), 400, refused.status());
                assertTrue(refused.body(), refused.contentType().startsWith("application/problem+json"));
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
