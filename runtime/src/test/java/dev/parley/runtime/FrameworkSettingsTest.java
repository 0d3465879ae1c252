package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkSettingsTest {

    @Test
    void fileInstallReadsEtcAndNeverWritesConfigurationsBackIntoIt(@TempDir Path root) {
        Map<String, String> settings = FrameworkSettings.of(new ParleyHome(root.resolve("home")), 8080, "127.0.0.1", 1,
                false, false);
        assertThat(settings.get("felix.fileinstall.dir")).startsWith(root.resolve("home").resolve("etc").toString());
        // the key FileInstall reads (DirectoryWatcher.ENABLE_CONFIG_SAVE); its default, true, rewrites etc/ files
        assertThat(settings).containsEntry("felix.fileinstall.enableConfigSave", "false");
    }

    @Test
    void jettyWaitsForTheConfigurationFileInstallReadsFromTheLaunchersFolder(@TempDir Path root) {
        ParleyHome home = new ParleyHome(root.resolve("home"));
        Map<String, String> settings = FrameworkSettings.of(home, 8080, "127.0.0.1", 1, false, false);
        assertThat(settings).containsEntry("org.apache.felix.http.require.config", "true");
        assertThat(settings.get("felix.fileinstall.dir").split(",")).contains(home.launcherEtc().toString());
    }
}
