package dev.parley.helpdesk.core.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.helpdesk.core.internal.auth.Caller;
import dev.parley.helpdesk.core.internal.auth.Role;

class AccessTokensTest {

    @Test
    void withoutConfiguredTokensAnOwnerOnlyAdminTokenIsGeneratedOnceAndKept(@TempDir Path home) throws Exception {
        Path file = home.resolve("etc/admin.token");
        AccessTokens first = AccessTokens.load(new String[0], file);
        String token = Files.readString(file).strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.caller(token)).contains(Caller.configured("admin", Role.ADMIN));
        assertThat(first.caller(token + "x")).isEmpty();

        AccessTokens second = AccessTokens.load(new String[0], file);
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(second.caller(token)).contains(Caller.configured("admin", Role.ADMIN));
    }

    @Test
    void configuredTokensAreAgentsUnlessTheyNameTheirRole(@TempDir Path home) throws Exception {
        Path file = home.resolve("etc/admin.token");
        AccessTokens tokens = AccessTokens.load(new String[] {"bob:s3cret-bob", "plain-token", " ", "wall:widget:w-tok",
                "odd:not-a-role:x", "nobody:agent:"}, file);
        assertThat(tokens.caller("s3cret-bob")).contains(Caller.configured("bob", Role.AGENT));
        assertThat(tokens.caller("plain-token")).contains(Caller.configured("agent", Role.AGENT));
        assertThat(tokens.caller("w-tok")).contains(Caller.configured("wall", Role.WIDGET));
        assertThat(tokens.caller("not-a-role:x")).contains(Caller.configured("odd", Role.AGENT)); // the token holds a colon
        assertThat(tokens.caller("")).isEmpty();
        // no configured admin: the first-run admin token still exists, so the tokens API stays reachable
        assertThat(tokens.caller(Files.readString(file).strip())).contains(Caller.configured("admin", Role.ADMIN));
    }

    @Test
    void aConfiguredAdminReplacesTheAdminFile(@TempDir Path home) {
        Path file = home.resolve("etc/admin.token");
        AccessTokens tokens = AccessTokens.load(new String[] {"ops:admin:ops-token", "bob:s3cret-bob"}, file);
        assertThat(tokens.caller("ops-token")).contains(Caller.configured("ops", Role.ADMIN));
        assertThat(file).doesNotExist();
    }
}
