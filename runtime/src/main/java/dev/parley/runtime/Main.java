package dev.parley.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * {@code java -jar parley.jar [--home DIR] [--port N]}: boots Apache Felix with the helpdesk host
 * and its plugins, prints one line with the URL once the API answers, and stops cleanly on
 * SIGTERM or Ctrl-C.
 */
public final class Main {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long startNanos = System.nanoTime();
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (LaunchOptions.UsageException e) {
            System.err.println("parley: " + e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        System.exit(run(options, startNanos));
    }

    private static int run(LaunchOptions options, long startNanos) throws Exception {
        if (!portIsFree(options.port())) {
            System.err.println("parley: port " + options.port() + " is already in use; stop what holds it or choose "
                    + "another with --port");
            return 1;
        }
        ParleyHome home = new ParleyHome(options.home());
        try {
            home.prepare(defaultEtcFiles());
            home.teeConsoleToLog();
        } catch (IOException e) {
            System.err.println("parley: cannot prepare the home folder " + options.home() + ": " + e.getMessage());
            return 1;
        }
        LoadOptions.advice(System.getProperty("os.name", ""),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                .ifPresent(System.out::println);
        FrameworkSettings.configureLogging();
        BundleSet bundles = BundleSet.fromClasspath();
        LauncherStamp stamp = new LauncherStamp(home.cache().resolve("launcher.stamp"));
        boolean cleanCache = !stamp.matchesCurrent();
        Framework framework = new FrameworkFactory().newFramework(FrameworkSettings.of(home, options.port(),
                bundles.highestStartLevel(), cleanCache, System.console() != null));

        // SIGTERM and Ctrl-C: stop every bundle so the store closes cleanly, then exit 0 (not 143):
        // a requested stop that completed is a success for service managers
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopQuietly(framework)) {
                System.out.println("Parley stopped");
                Runtime.getRuntime().halt(0);
            }
        }, "parley-shutdown"));

        framework.init();
        if (Boolean.getBoolean("parley.trace.boot")) {
            // -Dparley.trace.boot=true: when each bundle finished starting, to see where boot time goes
            framework.getBundleContext().addBundleListener(event -> {
                if (event.getType() == org.osgi.framework.BundleEvent.STARTED) {
                    System.out.printf("boot +%d ms: %s started%n", (System.nanoTime() - startNanos) / 1_000_000,
                            event.getBundle().getSymbolicName());
                }
            });
        }
        bundles.installInto(framework.getBundleContext());
        framework.start();
        stamp.recordCurrent();

        if (!new ReadinessProbe(options.port()).await(READY_TIMEOUT)) {
            System.err.println("parley: not ready after " + READY_TIMEOUT.toSeconds() + " s; see "
                    + home.log().resolve("parley.log"));
            stopQuietly(framework);
            return 1;
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        System.out.println("Parley is ready at http://localhost:" + options.port() + "/ (home " + home.root()
                + ", API token in " + home.etc().resolve("admin.token") + ", started in " + millis + " ms)");
        framework.waitForStop(0);
        return 0;
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> defaultEtcFiles() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("/defaults/etc.list")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static boolean stopQuietly(Framework framework) {
        try {
            framework.stop();
            return framework.waitForStop(30_000).getType() == org.osgi.framework.FrameworkEvent.STOPPED;
        } catch (BundleException | InterruptedException e) {
            System.err.println("parley: clean shutdown failed: " + e.getMessage());
            return false;
        }
    }

    /** Identifies the launcher build whose bundles fill the cache, so a new build starts from a clean cache. */
    private record LauncherStamp(Path file) {

        String current() {
            try {
                Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(jar)) {
                    return jar.toAbsolutePath() + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis();
                }
            } catch (Exception e) {
                // an unusual class path: fall through and never trust the cache
            }
            return "unknown";
        }

        boolean matchesCurrent() {
            try {
                String now = current();
                return !now.equals("unknown") && Files.exists(file) && Files.readString(file).equals(now);
            } catch (IOException e) {
                return false;
            }
        }

        void recordCurrent() throws IOException {
            Files.writeString(file, current());
        }
    }
}
