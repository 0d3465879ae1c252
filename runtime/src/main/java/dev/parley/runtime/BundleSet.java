package dev.parley.runtime;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarInputStream;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;

/** The bundles shipped inside parley.jar, as listed in {@code bundles.txt}. */
final class BundleSet {

    /** One line of bundles.txt. */
    record Entry(int startLevel, String artifactId) {

        String resource() {
            return "/bundles/" + artifactId + ".jar";
        }

        String location() {
            return "parley:" + artifactId;
        }
    }

    private final List<Entry> entries;

    private BundleSet(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static BundleSet fromClasspath() throws IOException {
        try (InputStream in = BundleSet.class.getResourceAsStream("/bundles.txt")) {
            if (in == null) {
                throw new IOException("bundles.txt is missing from the launcher jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        }
    }

    static BundleSet parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("bundles.txt line '" + raw + "' is not '<start level> <artifactId>'");
            }
            entries.add(new Entry(Integer.parseInt(parts[0]), parts[1]));
        }
        return new BundleSet(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    int highestStartLevel() {
        return entries.stream().mapToInt(Entry::startLevel).max().orElse(1);
    }

    /**
     * Installs what the framework does not have yet (a warm bundle cache already holds them) and
     * marks every non-fragment bundle that {@code started} accepts for start at its level. Left out:
     * a bundle the administrator removed ({@code data/plugins/removed.txt}, written by helpdesk-core's
     * {@code /api/plugins}), and one whose symbolic name is already installed from elsewhere (the
     * administrator reinstalled it: installing ours too would fail with "symbolic name and version are
     * not unique" or run two). A bundle that cannot be installed is reported and skipped, so the
     * runtime still comes up (and says so).
     */
    void installInto(BundleContext context, Predicate<Entry> started) throws IOException, BundleException {
        Set<String> removed = removedByAdministrator(context.getProperty("parley.home"));
        for (Entry entry : entries) {
            Bundle bundle = context.getBundle(entry.location());
            if (bundle == null) {
                byte[] jar;
                try (InputStream in = BundleSet.class.getResourceAsStream(entry.resource())) {
                    if (in == null) {
                        throw new IOException(entry.resource() + " is listed in bundles.txt but missing from the jar");
                    }
                    jar = in.readAllBytes();
                }
                String symbolicName = symbolicName(jar);
                if (removed.contains(symbolicName) || Arrays.stream(context.getBundles())
                        .anyMatch(b -> symbolicName.equals(b.getSymbolicName()))) {
                    continue;
                }
                try {
                    bundle = context.installBundle(entry.location(), new ByteArrayInputStream(jar));
                } catch (BundleException e) {
                    System.err.println("parley: cannot install " + entry.artifactId() + ": " + e.getMessage());
                    continue;
                }
            }
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
                if (started.test(entry)) {
                    bundle.start(Bundle.START_ACTIVATION_POLICY);
                } else {
                    bundle.stop(); // installed (an administrator may start it) but not started, even if it was last time
                }
            }
        }
    }

    private static String symbolicName(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            String header = in.getManifest() == null ? null
                    : in.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return header == null ? "" : header.split(";", 2)[0].strip();
        }
    }

    /** The file helpdesk-core's plugin administration keeps: one symbolic name a line. */
    static Set<String> removedByAdministrator(String home) throws IOException {
        if (home == null) {
            return Set.of();
        }
        Path file = Path.of(home, "data", "plugins", "removed.txt");
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    }
}
