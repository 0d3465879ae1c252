package dev.parley.helpdesk.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin locations: checked Maven coordinates, bounded downloads. */
class PluginLocationsTest {

    private static final PluginLocations.Limits LIMITS = new PluginLocations.Limits(Duration.ofSeconds(1),
            Duration.ofMillis(500), 1024);

    @Test
    void mavenCoordinatesThatArePathsAreRefused() {
        for (String location : new String[] {"mvn:../../etc/x/1", "mvn:g/a/..", "mvn:g/../a/1", "mvn:g/a/1/jar/../x",
                "mvn:.hidden/a/1", "mvn:g/a", "mvn:g\\x/a/1", "mvn:g/a/1%2F..", "mvn:g//1"}) {
            assertThatThrownBy(() -> PluginLocations.coordinate(location)).as(location)
                    .isInstanceOf(PluginLocations.BadLocation.class);
        }
        assertThat(PluginLocations.coordinate("mvn:dev.parley/sla/0.2.0-SNAPSHOT/jar/tests"))
                .isEqualTo(new PluginLocations.Coordinate("dev.parley", "sla", "0.2.0-SNAPSHOT", "jar", "tests"));
    }

    @Test
    void aServerThatNeverAnswersCostsTheReadTimeout() throws Exception {
        CopyOnWriteArrayList<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // done
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();
            assertThatThrownBy(() -> new PluginLocations(null, LIMITS)
                    .fetch("http://127.0.0.1:" + silent.getLocalPort() + "/p.jar"))
                    .isInstanceOf(IOException.class).hasMessageContaining("readTimeoutSeconds");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aJarOverTheLimitIsRefused(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.jar");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("x".repeat(2048).getBytes(StandardCharsets.US_ASCII));
        }
        assertThatThrownBy(() -> new PluginLocations(null, LIMITS).fetch(big.toUri().toString()))
                .isInstanceOf(IOException.class).hasMessageContaining("maxPluginMegabytes");
        assertThatThrownBy(() -> new PluginLocations(null, LIMITS).fetch("ftp://x/y.jar"))
                .isInstanceOf(PluginLocations.BadLocation.class);
    }
}
