package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parley on a stock Apache Karaf 4.4: the distribution from Maven Central (unpacked by the pom into
 * target/karaf-dist), started headless as {@code bin/karaf server} on free ports, boots the Parley
 * features repository ({@code mvn:dev.parley/features/VERSION/xml/features}, exactly what an
 * administrator adds) and every Parley feature through {@code etc/org.apache.karaf.features.cfg};
 * then a customer DM posted to the sandbox becomes a ticket with a running SLA, the agent's DM
 * reply is sent back through the sandbox, and {@code bin/stop} ends Karaf cleanly.
 *
 * <p>Karaf resolves the Parley artifacts from target/karaf-repo, a Maven-layout copy of the
 * reactor's jars and descriptor (plain {@code mvn verify} installs nothing into the local
 * repository), everything else from the build's local repository, then Maven Central.
 */
public class KarafIT {

    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration STOP = Duration.ofSeconds(60);
    private static final List<String> FEATURES = List.of("parley-host", "parley-social", "parley-social-x",
            "parley-social-meta", "parley-social-whatsapp", "parley-social-telegram", "parley-social-sandbox", "parley-sla",
            "parley-escalation");
    private static final Set<String> PLUGINS = Set.of("host", "social", "social-x", "social-meta", "social-whatsapp",
            "social-telegram", "social-sandbox",
            "sla", "escalation");

    @Test
    public void everyParleyFeatureBootsInStockKarafAndASandboxDmBecomesATicketWithAnSla() throws Exception {
        // Karaf itself stops at Java 23: 4.4.10 (the newest distribution on Maven Central) starts Java
        // with -Djava.security.manager=allow, which Java 24+ refuses, and without it its EventAdmin
        // fails every dispatch ("getSubject is not supported"). CI runs this on Java 17; parley.jar
        // and the Pax Exam tests run on 25 as well.
        assumeTrue("stock Karaf 4.4.10 does not run on Java " + Runtime.version().feature(),
                Runtime.version().feature() < 24);
        Path dist = Path.of(required("parley.karaf.dist"));
        Path parleyRepo = Path.of(required("parley.karaf.repo"));
        String version = required("parley.version");

        Path work = RuntimeLayout.newWorkDir("karaf-");
        Path karaf = work.resolve("karaf");
        Path home = work.resolve("parley-home");
        copyTree(dist, karaf);
        int port = RuntimeLayout.freePort();
        configure(karaf, home, parleyRepo, version, port);

        ProcessBuilder builder = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server")
                .directory(karaf.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("karaf.out").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            smokeTest(karaf, port, home, started, process);
        } catch (AssertionError | RuntimeException e) {
            AssertionError failure = new AssertionError(e.getMessage() + "\n--- " + karaf.resolve("data/log/karaf.log")
                    + " (warnings and errors) ---\n" + problems(karaf), e);
            try {
                stop(karaf, process);
            } catch (AssertionError | RuntimeException notStopped) {
                failure.addSuppressed(notStopped);
            }
            throw failure;
        }
        assertEquals("bin/karaf server exits 0 after bin/stop", 0, stop(karaf, process));
    }

    private static void smokeTest(Path karafHome, int port, Path home, long started, Process karaf) throws InterruptedException {
        ApiClient anonymous = new ApiClient(port, "");
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (true) {
            if (!karaf.isAlive()) {
                throw new AssertionError("bin/karaf server exited with " + karaf.exitValue() + " before GET /health answered");
            }
            try {
                if (anonymous.getWithoutToken("/health").status() == 200) {
                    break;
                }
            } catch (IllegalStateException notListeningYet) {
                // Karaf is still booting the features
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET /health did not answer 200 within " + BOOT.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
        Path log = karafHome.resolve("data/log/karaf.log");
        Await.condition("Karaf's boot features installed (FeaturesServiceImpl: Done.)", BOOT,
                () -> readLog(log).lines().anyMatch(l -> l.contains("FeaturesServiceImpl") && l.endsWith("| Done.")));
        ApiClient api = new ApiClient(port, ApiClient.adminToken(home));
        awaitEveryPluginUp(api);
        System.out.printf("Karaf + Parley features up in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        JsonNode accounts = api.get("/api/social/accounts").json();
        assertTrue("the sandbox feature configured its X account, with Karaf's HTTP port: " + accounts,
                accounts.toString().contains("http://127.0.0.1:" + port + "/sandbox/x"));

        // the sandbox's servlets may follow its bundle's ACTIVE by a moment: a 404 posted nothing, ask again
        ApiClient.Reply posted = Await.until("the sandbox serving /sandbox/api/customer-posts", Duration.ofSeconds(30), () -> {
            ApiClient.Reply r = api.post("/sandbox/api/customer-posts?wait=true",
                    "{\"platform\":\"x\",\"kind\":\"dm\",\"authorId\":\"700000009\",\"authorHandle\":\"k\",\"text\":\"hello karaf\"}");
            return r.status() == 404 ? null : r;
        });
        assertEquals(posted.body(), 200, posted.status());
        assertEquals(posted.body(), "DELIVERED", posted.json().path("deliveries").path(0).path("state").asText());

        JsonNode ticket = Await.until("the DM as a ticket in GET /api/tickets?channel=x", Duration.ofSeconds(30), () -> {
            for (JsonNode t : api.get("/api/tickets?channel=x").json().path("tickets")) {
                for (JsonNode m : t.path("messages")) {
                    if ("hello karaf".equals(m.path("text").asText())) {
                        return t;
                    }
                }
            }
            return null;
        });
        assertEquals("PRIVATE", ticket.path("messages").path(0).path("visibility").asText());
        assertEquals("700000009", ticket.path("requester").path("identities").path(0).path("externalId").asText());
        long id = ticket.path("id").asLong();

        JsonNode sla = Await.until("ticket " + id + " in GET /api/sla/tickets", Duration.ofSeconds(30), () -> {
            for (JsonNode t : api.get("/api/sla/tickets").json().path("tickets")) {
                if (t.path("ticketId").asLong() == id) {
                    return t;
                }
            }
            return null;
        });
        assertEquals("FIRST_REPLY", sla.path("nextDue").path("target").asText());
        assertEquals("ON_TRACK", sla.path("nextDue").path("state").asText());
        ApiClient.Reply answer = api.post("/api/tickets/" + id + "/messages",
                "{\"text\":\"Hello from Karaf\",\"visibility\":\"PRIVATE\"}");
        assertEquals(answer.body(), 201, answer.status());
        SandboxClient.awaitDelivery(api, id, answer.json().get("id").asLong(), "SENT", Duration.ofSeconds(30));
        System.out.printf("Karaf smoke test passed %d ms after start%n", (System.nanoTime() - started) / 1_000_000);
    }

    /** Every Parley feature installed and its plugin healthy, as an administrator sees it. */
    private static void awaitEveryPluginUp(ApiClient api) {
        String[] last = {"(no answer)"};
        try {
            Await.condition("every Parley plugin ACTIVE and UP in GET /api/plugins", BOOT, () -> {
                ApiClient.Reply reply = api.get("/api/plugins");
                last[0] = reply.status() + " " + reply.body();
                Set<String> up = new TreeSet<>();
                reply.json().path("plugins").forEach(p -> {
                    if ("ACTIVE".equals(p.path("state").asText()) && "UP".equals(p.path("health").asText())) {
                        up.add(p.path("name").asText());
                    }
                });
                return up.containsAll(PLUGINS);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
    }

    /**
     * Before the first start: free ports, Parley's home and HTTP port as system properties, the
     * Parley repository and features booted, the reactor's artifacts offered to pax-url. Nothing
     * else: the sandbox feature brings the accounts it plays.
     */
    private static void configure(Path karaf, Path home, Path parleyRepo, String version, int port) throws IOException {
        Path etc = karaf.resolve("etc");
        Files.writeString(etc.resolve("system.properties"), Files.readString(etc.resolve("system.properties"))
                + "\n# KarafIT\norg.osgi.service.http.port=" + port + "\nparley.home=" + home + "\n");

        Path features = etc.resolve("org.apache.karaf.features.cfg");
        appendToList(features, "featuresRepositories", "mvn:dev.parley/features/" + version + "/xml/features");
        appendToList(features, "featuresBoot", String.join(", ", FEATURES));

        Path mvn = etc.resolve("org.ops4j.pax.url.mvn.cfg");
        appendToList(mvn, "org.ops4j.pax.url.mvn.defaultRepositories",
                parleyRepo.toUri() + "@id=parley.reactor@snapshots");
        setProperty(mvn, "org.ops4j.pax.url.mvn.repositories", "https://repo1.maven.org/maven2@id=central");
        String local = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        if (local != null && !local.isBlank()) {
            setProperty(mvn, "org.ops4j.pax.url.mvn.localRepository", local);
        }

        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(RuntimeLayout.freePort()));
        Path management = etc.resolve("org.apache.karaf.management.cfg");
        setProperty(management, "rmiRegistryPort", String.valueOf(RuntimeLayout.freePort()));
        setProperty(management, "rmiServerPort", String.valueOf(RuntimeLayout.freePort()));
    }

    /** Appends to a comma-separated, backslash-continued list property of a Karaf .cfg file. */
    private static void appendToList(Path file, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                int last = i;
                while (lines.get(last).stripTrailing().endsWith("\\")) {
                    last++;
                }
                String end = lines.get(last).stripTrailing();
                lines.set(last, end + (end.endsWith("=") ? " " : ", ") + value);
                Files.write(file, lines);
                return;
            }
        }
        throw new AssertionError("no " + key + " in " + file);
    }

    /** Replaces (or adds) a property of a Karaf .cfg file, with any continuation lines. */
    private static void setProperty(Path file, String key, String value) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                while (lines.get(i).stripTrailing().endsWith("\\")) {
                    i++;
                }
                continue;
            }
            out.add(lines.get(i));
        }
        out.add(key + " = " + value);
        Files.write(file, out);
    }

    /** bin/stop (Karaf's shutdown port), then waits for the server to exit; kills it only if it does not. */
    private static int stop(Path karaf, Process process) throws Exception {
        Process stop = new ProcessBuilder(karaf.resolve("bin/stop").toString()).directory(karaf.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        stop.waitFor(30, TimeUnit.SECONDS);
        if (process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("Karaf did not stop within " + STOP.toSeconds() + " s of bin/stop; killed");
    }

    private static String problems(Path karaf) {
        Path log = karaf.resolve("data/log/karaf.log");
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("| ERROR |") || l.contains("| WARN  |")).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying the Karaf distribution " + from, e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run the itests through Maven");
        }
        return value;
    }
}
