package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingLogTest {

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void rollsBySizeWhileRunningAndKeepsOnlyTheConfiguredNumberOfFiles() throws IOException {
        Path file = dir.resolve("parley.log");
        try (RollingLog log = new RollingLog(file, new LogLimits(100, 3, 1000), clock::get)) {
            for (int i = 0; i < 50; i++) {
                log.line(String.format("line %03d %s", i, "x".repeat(20))); // 30 bytes a line: 3 a file
            }
        }
        assertThat(Files.size(file)).isLessThanOrEqualTo(100);
        for (int i = 1; i <= 3; i++) {
            assertThat(Files.size(dir.resolve("parley.log." + i))).isBetween(1L, 100L);
        }
        assertThat(dir.resolve("parley.log.4")).doesNotExist();
        assertThat(Files.readAllLines(file)).last().asString().startsWith("line 049");
        // newest rolled file holds the lines just before the current file's, the oldest rolled the earliest kept
        assertThat(Files.readAllLines(dir.resolve("parley.log.1"))).last().asString().startsWith("line 047");
        assertThat(Files.readAllLines(dir.resolve("parley.log.3"))).first().asString().startsWith("line 039");
    }

    @Test
    void theSameLineMoreThanTheLimitInOneSecondIsSummarized() throws IOException {
        Path file = dir.resolve("parley.log");
        try (RollingLog log = new RollingLog(file, new LogLimits(1_000_000, 2, 3), clock::get)) {
            for (int i = 0; i < 1000; i++) {
                // the timestamp differs, the line does not
                log.line("2026-12-06T20:00:00." + String.format("%03d", i) + "Z [qtp-1] WARN Req - aborted request");
                log.line("2026-12-06T20:00:00.000Z [main] INFO X - line " + i % 2);
            }
            log.line("a different line");
            clock.addAndGet(1000);
            log.tick();
            log.line("2026-12-06T20:00:01.000Z [qtp-1] WARN Req - aborted request");
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.stream().filter(l -> l.startsWith("2026") && l.endsWith("WARN Req - aborted request"))).hasSize(3 + 1);
        assertThat(lines.stream().filter(l -> l.startsWith("2026") && l.endsWith("line 0"))).hasSize(3);
        assertThat(lines).contains("a different line",
                "... repeated 997 more times within a second: [qtp-1] WARN Req - aborted request",
                "... repeated 497 more times within a second: [main] INFO X - line 0");
        assertThat(lines).hasSize(3 + 3 + 3 + 1 + 3 + 1);
    }

    @Test
    void appendsToAnExistingLogAndMakesItOwnerOnly() throws IOException {
        Path file = dir.resolve("parley.log");
        Files.writeString(file, "from last time\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (RollingLog log = new RollingLog(file, LogLimits.DEFAULT, clock::get)) {
            log.line("this time");
        }
        assertThat(Files.readAllLines(file)).containsExactly("from last time", "this time");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
