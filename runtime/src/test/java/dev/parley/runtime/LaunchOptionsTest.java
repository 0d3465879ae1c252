package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void defaultsAreParleyHomeInTheWorkingDirectoryAndPort8080() throws Exception {
        LaunchOptions options = LaunchOptions.parse();
        assertThat(options.home()).isEqualTo(Path.of("parley-home").toAbsolutePath());
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.help()).isFalse();
    }

    @Test
    void homeAndPortAcceptBothSpellings() throws Exception {
        assertThat(LaunchOptions.parse("--home", "/srv/parley", "--port", "9090"))
                .isEqualTo(new LaunchOptions(Path.of("/srv/parley"), 9090, false));
        assertThat(LaunchOptions.parse("--home=/srv/p", "--port=81")).isEqualTo(new LaunchOptions(Path.of("/srv/p"), 81, false));
        assertThat(LaunchOptions.parse("-h").help()).isTrue();
    }

    @Test
    void badOptionsSayWhatToChange() {
        assertThatThrownBy(() -> LaunchOptions.parse("--port", "eighty")).hasMessage("--port must be a number, not 'eighty'");
        assertThatThrownBy(() -> LaunchOptions.parse("--port", "70000")).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> LaunchOptions.parse("--home")).hasMessage("--home needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse("--verbose")).hasMessage("unknown option '--verbose'");
    }
}
