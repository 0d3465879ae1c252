package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParleyHomeTest {

    @TempDir
    Path root;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewHomeKeepsEtcDataAndLogToItsOwner() throws IOException {
        ParleyHome home = new ParleyHome(root.resolve("new"));
        home.prepare(List.of("dev.parley.social.account-sandbox-x.cfg"));
        assertThat(mode(home.etc())).isEqualTo("rwx------");
        assertThat(mode(home.data())).isEqualTo("rwx------");
        assertThat(mode(home.log())).isEqualTo("rwx------");
        assertThat(mode(home.etc().resolve("dev.parley.social.account-sandbox-x.cfg"))).isEqualTo("rw-------");
    }

    @Test
    void anExistingOpenHomeIsTightenedAtStart() throws IOException {
        ParleyHome home = new ParleyHome(root.resolve("old"));
        Path cfg = home.etc().resolve("dev.parley.helpdesk.store.cfg");
        Path db = home.data().resolve("parley.mv.db");
        Path journal = home.data().resolve("inbox-journal/0001.json");
        Files.createDirectories(journal.getParent());
        Files.createDirectories(home.etc());
        Files.writeString(cfg, "password=secret\n");
        Files.writeString(db, "db");
        Files.writeString(journal, "{}");
        for (Path p : List.of(home.etc(), home.data(), journal.getParent())) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(cfg, db, journal)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }

        home.prepare(List.of());

        for (Path p : List.of(home.etc(), home.data(), journal.getParent(), home.log())) {
            assertThat(mode(p)).as(p.toString()).isEqualTo("rwx------");
        }
        for (Path p : List.of(cfg, db, journal)) {
            assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void withoutTheSandboxNoDefaultAccountIsWritten() throws IOException {
        ParleyHome home = new ParleyHome(root.resolve("plain"));
        home.prepare(List.of());
        try (var files = Files.list(home.etc())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theHttpServerConfigurationIsWrittenOnceAndLeftAloneWhileUnchanged() throws Exception {
        ParleyHome home = new ParleyHome(root.resolve("http"));
        home.prepare(List.of());
        Path cfg = home.launcherEtc().resolve("org.apache.felix.http.cfg");
        assertThat(Files.readString(cfg)).contains("org.apache.felix.http.enable=true");
        java.nio.file.attribute.FileTime written = java.nio.file.attribute.FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(cfg, written);
        home.prepare(List.of());
        // a rewrite would make FileInstall update the configuration, and Jetty restart
        assertThat(Files.getLastModifiedTime(cfg)).isEqualTo(written);
    }
}
