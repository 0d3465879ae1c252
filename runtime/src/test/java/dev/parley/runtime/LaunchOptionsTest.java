package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void defaultsAreParleyHomeInTheWorkingDirectoryAndPort8080() throws Exception {
        LaunchOptions options = LaunchOptions.parse();
        assertThat(options.home()).isEqualTo(Path.of("parley-home").toAbsolutePath());
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.help()).isFalse();
        assertThat(options.bind()).isEqualTo("127.0.0.1");
        assertThat(options.sandbox()).isFalse();
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.log()).isEqualTo(new LogLimits(10L * 1024 * 1024, 10, 10));
    }

    @Test
    void bindSandboxTimeoutAndLogLimits() throws Exception {
        LaunchOptions options = LaunchOptions.parse("--bind", "0.0.0.0", "--sandbox", "--ready-timeout=5",
                "--log-max-mb", "2", "--log-files=3");
        assertThat(options.bindsEveryInterface()).isTrue();
        assertThat(options.probeHost()).isEqualTo("127.0.0.1");
        assertThat(options.sandbox()).isTrue();
        assertThat(options.sandboxWithRealAccounts()).isFalse();
        assertThat(options.readyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.log().maxBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(options.log().files()).isEqualTo(3);
        assertThat(LaunchOptions.parse("--bind=::1").probeHost()).isEqualTo("[::1]");
        assertThat(LaunchOptions.parse("--bind", "::").bindsEveryInterface()).isTrue();
        assertThat(LaunchOptions.parse("--sandbox-with-real-accounts").sandbox()).isTrue();
    }

    @Test
    void homeAndPortAcceptBothSpellings() throws Exception {
        assertThat(LaunchOptions.parse("--home", "/srv/parley", "--port", "9090"))
                .isEqualTo(LaunchOptions.defaults(Path.of("/srv/parley"), 9090));
        assertThat(LaunchOptions.parse("--home=/srv/p", "--port=81")).isEqualTo(LaunchOptions.defaults(Path.of("/srv/p"), 81));
        assertThat(LaunchOptions.parse("-h").help()).isTrue();
    }

    @Test
    void badOptionsSayWhatToChange() {
        assertThatThrownBy(() -> LaunchOptions.parse("--port", "eighty")).hasMessage("--port must be a number, not 'eighty'");
        assertThatThrownBy(() -> LaunchOptions.parse("--port", "70000")).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> LaunchOptions.parse("--home")).hasMessage("--home needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse("--verbose")).hasMessage("unknown option '--verbose'");
        assertThatThrownBy(() -> LaunchOptions.parse("--bind", "example.com")).hasMessageContaining("needs an IP address");
        assertThatThrownBy(() -> LaunchOptions.parse("--bind", "999.1.1.1")).hasMessageContaining("needs an IP address");
        assertThatThrownBy(() -> LaunchOptions.parse("--ready-timeout", "0")).hasMessageContaining("between 1 and 3600");
        assertThatThrownBy(() -> LaunchOptions.parse("--log-files", "x")).hasMessage("--log-files must be a number, not 'x'");
    }
}
