package dev.parley.helpdesk.core.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {

    @Test
    void withoutConfiguredTokensAnOwnerOnlyAdminTokenIsGeneratedOnceAndKept(@TempDir Path home) throws Exception {
        Path file = home.resolve("etc/admin.token");
        AccessTokens first = AccessTokens.load(new String[0], file);
        String token = Files.readString(file).strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.principal(token)).contains("admin");
        assertThat(first.principal(token + "x")).isEmpty();

        AccessTokens second = AccessTokens.load(new String[0], file);
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(second.principal(token)).contains("admin");
    }

    @Test
    void configuredTokensNameTheirAgentsAndReplaceTheAdminFile(@TempDir Path home) {
        Path file = home.resolve("etc/admin.token");
        AccessTokens tokens = AccessTokens.load(new String[] {"bob:s3cret-bob", "plain-token", " "}, file);
        assertThat(tokens.principal("s3cret-bob")).contains("bob");
        assertThat(tokens.principal("plain-token")).contains("agent");
        assertThat(tokens.principal("")).isEmpty();
        assertThat(file).doesNotExist();
    }
}
