package dev.parley.helpdesk.core.internal.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The symbolic names of the bundles an administrator removed, in {@code
 * <parley.home>/data/plugins/removed.txt}, one a line. parley.jar installs its shipped bundles at
 * every start that the cache does not hold; it reads this same file (runtime {@code BundleSet}) and
 * leaves these out, so a removal survives a restart. Installing a bundle of that name again takes
 * it off the list. Without {@code parley.home} (Karaf, whose own feature state persists) it keeps
 * nothing.
 */
final class RemovedBundles {

    private final Path file;

    private RemovedBundles(Path file) {
        this.file = file;
    }

    static RemovedBundles in(String home) {
        return new RemovedBundles(home == null || home.isBlank() ? null
                : Path.of(home, "data", "plugins", "removed.txt"));
    }

    synchronized Set<String> names() throws IOException {
        Set<String> names = new TreeSet<>();
        if (file != null && Files.isRegularFile(file)) {
            Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
        }
        return names;
    }

    synchronized void add(Collection<String> symbolicNames) throws IOException {
        Set<String> names = names();
        if (names.addAll(symbolicNames)) {
            write(names);
        }
    }

    synchronized void forget(String symbolicName) throws IOException {
        Set<String> names = names();
        if (names.remove(symbolicName)) {
            write(names);
        }
    }

    private void write(Set<String> names) throws IOException {
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, "# bundles removed through /api/plugins; parley.jar does not reinstall them at start\n"
                + String.join("\n", names) + "\n", StandardCharsets.UTF_8);
        // a crash mid-write leaves the old list whole, never half of one
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
