package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.Test;

/**
 * The runnable artifact itself: boot, serve, stop on SIGTERM, keep tickets across restarts, refuse bad
 * options, fail a start that cannot succeed, keep its home private, bind and run the sandbox only as asked.
 */
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
            for (String dir : List.of("etc", "data", "log")) {
                assertEquals(dir + "/ is its owner's only", "rwx------", mode(home.resolve(dir)));
            }
            assertEquals("rw-------", mode(home.resolve("log/parley.log")));
            assertTrue("bundles log through SLF4J to the console: " + first.output(),
                    first.output().stream().anyMatch(l -> l.contains("INFO StoreDataSource - Store ready")));
            assertEquals("no sandbox without --sandbox", 404, first.api().getWithoutToken("/sandbox/").status());
            assertFalse("no sandbox account written without --sandbox",
                    Files.exists(home.resolve("etc/dev.parley.social.account-sandbox-x.cfg")));
            otherLocalAddress().ifPresent(other -> assertFalse("bound to 127.0.0.1 only, not " + other,
                    answers(other, port)));

            ApiClient.Reply created = first.api().post("/api/tickets",
                    "{\"subject\":\"Survives restarts\",\"requester\":{\"email\":\"restart@example.com\"}}");
            assertEquals(created.body(), 201, created.status());
            id = created.json().get("id").asLong();
            assertEquals("SIGTERM stops cleanly", 0, first.terminate(Duration.ofSeconds(30)));
        }
        String log = Files.readString(home.resolve("log/parley.log"));
        assertTrue("console output also goes to the log file", log.contains("Parley is ready at"));
        assertTrue("and the bundles' SLF4J lines", log.contains("INFO StoreDataSource - Store ready"));
        // the database files H2 created while running are tightened at the next start
        Files.setPosixFilePermissions(home.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));

        try (ParleyProcess second = ParleyProcess.start(home, port)) {
            second.awaitReady(BOOT);
            ApiClient.Reply read = second.api().get("/api/tickets/" + id);
            assertEquals(read.body(), 200, read.status());
            assertEquals("Survives restarts", read.json().get("subject").asText());
            assertEquals("rwx------", mode(home.resolve("data")));
            assertEquals("rw-------", mode(home.resolve("data/parley.mv.db")));
            second.terminate(Duration.ofSeconds(30));
        }
    }

    @Test
    public void aTakenPortIsRefusedAtOnceWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ParleyProcess process = ParleyProcess.start(RuntimeLayout.newWorkDir("taken-"), taken.getLocalPort())) {
            assertEquals(1, process.awaitExit(Duration.ofSeconds(10)));
            List<String> said = awaitOutput(process, "parley: ");
            assertEquals(said.toString(), 1, said.size());
            assertTrue(said.get(0), said.get(0).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"));
        }
    }

    @Test
    public void anUnreachableStoreFailsTheStartWithinThirtySecondsNamingTheCause() throws Exception {
        Path home = RuntimeLayout.newWorkDir("nostore-");
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort(); // closed again: nothing listens there
        }
        Files.createDirectories(home.resolve("etc"));
        RuntimeLayout.writeConfig(home.resolve("etc/dev.parley.helpdesk.store.cfg"),
                "url=jdbc:h2:tcp://127.0.0.1:" + deadPort + "/nothing\n");
        long start = System.nanoTime();
        try (ParleyProcess process = ParleyProcess.start(home, RuntimeLayout.freePort())) {
            int code = process.awaitExit(Duration.ofSeconds(30));
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertEquals(process.output().toString(), 1, code);
            assertTrue("exited after " + seconds + " s", seconds < 30);
            List<String> said = awaitOutput(process, "parley: start failed");
            assertEquals(said.toString(), 1, said.size());
            assertTrue(said.get(0), said.get(0).contains("Connection refused: 127.0.0.1:" + deadPort));
            assertFalse("no ready line", process.output().stream().anyMatch(l -> l.startsWith("Parley is ready")));
        }
    }

    @Test
    public void theSandboxRunsOnlyWithItsFlagAndNeverBesideARealAccountUnlessAskedFor() throws Exception {
        Path home = RuntimeLayout.newWorkDir("sandbox-");
        int port = RuntimeLayout.freePort();
        try (ParleyProcess parley = ParleyProcess.start(home, port, "--sandbox", "--bind", "0.0.0.0")) {
            assertTrue(parley.awaitReady(BOOT).contains("sandbox at /sandbox/"));
            Await.condition("the sandbox page", Duration.ofSeconds(30),
                    () -> parley.api().getWithoutToken("/sandbox/").status() == 200);
            assertEquals("rw-------", mode(home.resolve("etc/dev.parley.social.account-sandbox-x.cfg")));
            otherLocalAddress().ifPresent(other -> assertTrue("--bind 0.0.0.0 answers on " + other, answers(other, port)));
            // its inputs are validated: a clock advance past what Instant holds is a 400, not a 500
            for (String huge : List.of("9223372036854775807", "315360001")) {
                ApiClient.Reply tooFar = parley.api().post("/sandbox/api/clock", "{\"advanceSeconds\":" + huge + "}");
                assertEquals(tooFar.body(), 400, tooFar.status());
                assertEquals("application/problem+json", tooFar.contentType().replaceFirst(";.*", ""));
                assertEquals("advanceSeconds", tooFar.json().get("field").asText());
            }
            assertEquals(200, parley.api().post("/sandbox/api/clock", "{\"advanceSeconds\":60}").status());
            // etc/ is the administrator's: Parley never writes a configuration back into it (FileInstall's
            // write-back rewrote the ${...} placeholders, and a rewrite its scanner read half-done became empty)
            for (String account : List.of("sandbox-x", "sandbox-meta")) {
                String cfg = Files.readString(home.resolve("etc/dev.parley.social.account-" + account + ".cfg"));
                assertTrue(account + " as written at first start: " + cfg,
                        cfg.contains("${org.osgi.service.http.port}") && cfg.contains("name=" + account));
            }
            assertEquals(0, parley.terminate(Duration.ofSeconds(30)));
        }
        RuntimeLayout.writeConfig(home.resolve("etc/dev.parley.social.account-acme.cfg"),
                "name=acme\nplatform=x\naccountId=42\nconsumerSecret=s\naccessToken=t\n");
        try (ParleyProcess refused = ParleyProcess.start(home, port, "--sandbox")) {
            assertEquals(1, refused.awaitExit(Duration.ofSeconds(10)));
            List<String> said = awaitOutput(refused, "parley: --sandbox refused");
            assertTrue(said.toString(), said.get(0).contains("dev.parley.social.account-acme.cfg (x) is a real account"));
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

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** The process's lines starting with {@code prefix}, once its output has been read to the end. */
    private static List<String> awaitOutput(ParleyProcess process, String prefix) {
        return Await.until("a line starting with '" + prefix + "'", Duration.ofSeconds(5), () -> {
            List<String> lines = process.output().stream().filter(l -> l.startsWith(prefix)).toList();
            return lines.isEmpty() ? null : lines;
        });
    }

    /** A non-loopback IPv4 address of this machine, if it has one. */
    private static Optional<InetAddress> otherLocalAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }

    private static boolean answers(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
