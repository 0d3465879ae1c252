package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxAccountsTest {

    @TempDir
    Path etc;

    @Test
    void sandboxAccountsAreNotRealOnesAndARealAccountIsNamed() throws IOException {
        assertThat(SandboxAccounts.firstRealAccount(etc.resolve("missing"))).isEmpty();
        Files.writeString(etc.resolve("dev.parley.social.account-sandbox-x.cfg"),
                "platform=x\napiBaseUrl=http://127.0.0.1:${org.osgi.service.http.port}/sandbox/x\n");
        Files.writeString(etc.resolve("dev.parley.helpdesk.store.cfg"), "url=\n");
        assertThat(SandboxAccounts.firstRealAccount(etc)).isEmpty();

        Files.writeString(etc.resolve("dev.parley.social.account-acme.cfg"), "platform=meta\naccessToken=t\n");
        assertThat(SandboxAccounts.firstRealAccount(etc)).contains("dev.parley.social.account-acme.cfg (meta)");
    }
}
