package dev.parley.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;

/** FileInstall on <home>/deploy: drop to install and start, replace to update in place, delete to uninstall. */
@RunWith(PaxExam.class)
public class HotDeployIT extends ParleyTestSupport {

    private static final String SYMBOLIC_NAME = "dev.parley.itests.hotdeploy";

    @Test
    public void deployFolderInstallsUpdatesInPlaceAndUninstalls() throws IOException {
        Path deploy = home().resolve("deploy");
        Path jar = deploy.resolve("hot-plugin.jar");

        writeBundle(jar, "1.0.0");
        Bundle installed = Await.until("the dropped bundle ACTIVE", Duration.ofSeconds(20),
                () -> find().filter(b -> b.getState() == Bundle.ACTIVE).orElse(null));
        assertEquals("1.0.0", installed.getVersion().toString());
        long id = installed.getBundleId();

        writeBundle(jar, "1.1.0");
        Bundle updated = Await.until("the bundle updated to 1.1.0", Duration.ofSeconds(20),
                () -> find().filter(b -> b.getVersion().toString().equals("1.1.0") && b.getState() == Bundle.ACTIVE)
                        .orElse(null));
        assertEquals("updated in place, same bundle id", id, updated.getBundleId());

        Files.delete(jar);
        Await.condition("the bundle uninstalled", Duration.ofSeconds(20), () -> find().isEmpty());
    }

    private Optional<Bundle> find() {
        return Arrays.stream(context.getBundles()).filter(b -> SYMBOLIC_NAME.equals(b.getSymbolicName())).findFirst();
    }

    /** Writes a minimal bundle atomically, so FileInstall never sees half a jar. */
    private static void writeBundle(Path target, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        main.putValue("Bundle-Version", version);
        Path temp = Files.createTempFile(target.getParent().getParent(), "bundle", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // FileInstall notices changes by timestamp and checksum; make the replacement's time differ for sure
        Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000
                * (version.equals("1.0.0") ? 0 : 1)));
    }
}
