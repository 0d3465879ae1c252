package dev.parley.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the runtime module left its build output, and its bundle list: itests provision exactly
 * the bundles parley.jar boots, from the same files.
 */
public final class RuntimeLayout {

    /** One line of the runtime's bundles.txt. */
    public record BundleEntry(int startLevel, String artifactId, Path jar) {
    }

    private RuntimeLayout() {
    }

    public static Path runtimeDir() {
        String dir = System.getProperty("parley.runtime.dir");
        if (dir == null) {
            throw new IllegalStateException("system property parley.runtime.dir is not set; run the itests through Maven");
        }
        return Path.of(dir);
    }

    public static Path launcherJar() {
        return runtimeDir().resolve("parley.jar");
    }

    public static List<BundleEntry> bundles() {
        Path classes = runtimeDir().resolve("classes");
        try {
            List<BundleEntry> entries = new ArrayList<>();
            for (String raw : Files.readAllLines(classes.resolve("bundles.txt"))) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                entries.add(new BundleEntry(Integer.parseInt(parts[0]), parts[1],
                        classes.resolve("bundles").resolve(parts[1] + ".jar")));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("the runtime module has not been built: " + e.getMessage(), e);
        }
    }

    /** The runtime's system-packages.txt: what the launcher's system bundle exports from its class path. */
    public static List<String> systemPackages() {
        try {
            return Files.readAllLines(runtimeDir().resolve("classes").resolve("system-packages.txt")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the runtime module has not been built: " + e.getMessage(), e);
        }
    }

    /** A fresh folder under target/itest-work for one test's home. */
    public static Path newWorkDir(String prefix) {
        try {
            Path root = Path.of(System.getProperty("parley.itest.work", "target/itest-work"));
            Files.createDirectories(root);
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the launcher does to a new home: its folders, and the shipped default configuration in etc/. */
    public static void prepareHome(Path home) {
        Path defaults = runtimeDir().resolve("classes").resolve("defaults");
        try {
            for (String dir : List.of("etc", "deploy", "data", "log", "cache")) {
                Files.createDirectories(home.resolve(dir));
            }
            for (String raw : Files.readAllLines(defaults.resolve("etc.list"))) {
                String name = raw.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    Files.copy(defaults.resolve("etc").resolve(name), home.resolve("etc").resolve(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a configuration file whole, as an administrator's editor would: into a temporary file
     * beside the home's etc/ (FileInstall does not watch it), then moved into place atomically, so
     * FileInstall never reads half a file and applies a configuration the test never wrote.
     */
    public static void writeConfig(Path file, CharSequence content) {
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent().getParent(), ".config-", ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
