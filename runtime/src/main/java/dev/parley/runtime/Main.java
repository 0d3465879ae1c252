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
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.AllServiceListener;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.launch.Framework;

/**
 * {@code java -jar parley.jar [--home DIR] [--port N] [--bind ADDR] [--sandbox]}: boots Apache
 * Felix with the helpdesk host and its plugins, prints one line with the URL once the API answers,
 * and stops cleanly on SIGTERM or Ctrl-C (exit 0). A start that does not reach ready within
 * {@code --ready-timeout} (or whose shipped bundle fails at once) prints one line saying why and
 * exits 1.
 */
public final class Main {

    /** After a failed start the framework gets this long to stop, so the exit comes well within 30 s. */
    private static final Duration STOP_AFTER_FAILED_START = Duration.ofSeconds(4);
    private static final Duration GRACE_AFTER_ERROR = Duration.ofSeconds(3);
    private static final String SANDBOX_BUNDLE = "social-sandbox";
    private static final String HOST_BUNDLE = "dev.parley.helpdesk-core";
    private static final String HEALTH_SERVLET = "(osgi.http.whiteboard.servlet.pattern=/health)";

    private Main() {
    }

    public static void main(String[] args) {
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
        // set before the launcher exits by itself, so the shutdown hook leaves the exit code alone
        AtomicBoolean launcherExits = new AtomicBoolean();
        int code;
        try {
            code = run(options, startNanos, launcherExits);
        } catch (Exception | LinkageError e) {
            System.err.println("parley: start failed: " + e);
            code = 1;
        }
        launcherExits.set(true);
        System.exit(code);
    }

    private static int run(LaunchOptions options, long startNanos, AtomicBoolean launcherExits) throws Exception {
        if (!portIsFree(options.bind(), options.port())) {
            System.err.println("parley: port " + options.port() + " on " + options.bind() + " is already in use; stop "
                    + "what holds it or choose another with --port");
            return 1;
        }
        ParleyHome home = new ParleyHome(options.home());
        if (options.sandbox() && !options.sandboxWithRealAccounts()) {
            Optional<String> real = SandboxAccounts.firstRealAccount(home.etc());
            if (real.isPresent()) {
                System.err.println("parley: --sandbox refused: " + home.etc().resolve(real.get()) + " is a real "
                        + "account, and anyone could post to its channel through the sandbox; start without "
                        + "--sandbox, or with --sandbox-with-real-accounts to mix them anyway");
                return 1;
            }
        }
        BootWatch watch = new BootWatch();
        RollingLog log;
        try {
            home.prepare(options.sandbox() ? defaultEtcFiles() : List.of());
            log = home.teeConsoleToLog(options.log(), watch);
        } catch (IOException e) {
            System.err.println("parley: cannot prepare the home folder " + options.home() + ": " + e.getMessage());
            return 1;
        }
        ScheduledExecutorService logTicks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-log");
            t.setDaemon(true);
            return t;
        });
        logTicks.scheduleAtFixedRate(() -> {
            try {
                log.tick();
            } catch (IOException e) {
                // the console still shows everything
            }
        }, 1, 1, TimeUnit.SECONDS);
        LoadOptions.advice(System.getProperty("os.name", ""),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                .ifPresent(System.out::println);
        FrameworkSettings.configureLogging();
        BundleSet bundles = BundleSet.fromClasspath();
        LauncherStamp stamp = new LauncherStamp(home.cache().resolve("launcher.stamp"));
        boolean cleanCache = !stamp.matchesCurrent();
        Framework framework = new FrameworkFactory().newFramework(FrameworkSettings.of(home, options.port(),
                options.bind(), bundles.highestStartLevel(), cleanCache, System.console() != null));

        // SIGTERM and Ctrl-C: stop every bundle so the store closes cleanly, then exit 0 (not 143):
        // a requested stop that completed is a success for service managers. Not when the launcher
        // itself is exiting (a failed start): its own exit code stands.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!launcherExits.get() && stopQuietly(framework, Duration.ofSeconds(30))) {
                System.out.println("Parley stopped");
                closeQuietly(log);
                Runtime.getRuntime().halt(0);
            }
        }, "parley-shutdown"));

        framework.init();
        framework.getBundleContext().addFrameworkListener(watch);
        // the health servlet's service registration: /health is about to answer, probe it often from then on
        AtomicBoolean healthRegistered = new AtomicBoolean();
        framework.getBundleContext().addServiceListener((AllServiceListener) event ->
                healthRegistered.set(event.getType() != ServiceEvent.UNREGISTERING), HEALTH_SERVLET);
        // when the host bundle has started: its store and API are up then, or have logged why not
        AtomicLong hostStarted = new AtomicLong();
        framework.getBundleContext().addBundleListener(event -> {
            if (event.getType() == BundleEvent.STARTED && HOST_BUNDLE.equals(event.getBundle().getSymbolicName())) {
                hostStarted.compareAndSet(0, System.nanoTime());
            }
        });
        if (Boolean.getBoolean("parley.trace.boot")) {
            // -Dparley.trace.boot=true: when each bundle finished starting, to see where boot time goes
            framework.getBundleContext().addBundleListener(event -> {
                if (event.getType() == org.osgi.framework.BundleEvent.STARTED) {
                    System.out.printf("boot +%d ms: %s started%n", (System.nanoTime() - startNanos) / 1_000_000,
                            event.getBundle().getSymbolicName());
                }
            });
        }
        bundles.installInto(framework.getBundleContext(),
                entry -> options.sandbox() || !entry.artifactId().equals(SANDBOX_BUNDLE));
        // framework.start() returns once every bundle is started (or failed to) at the beginning start
        // level, plugins included; readiness is the host's (/health), so it is probed meanwhile and the
        // plugins go on starting after the ready line
        FrameworkStart start = FrameworkStart.begin(framework, () -> stamp.recordCurrent());

        // The timeout counts from the end of framework.start(), so a slow but progressing boot (a
        // starved CPU) is not cut short. An activation that threw during boot is not retried by DS until
        // something changes: after one, only a short grace once the host has started (the plugins after
        // it may take long to fail one by one against a dead store) and not the whole timeout.
        boolean ready = new ReadinessProbe(options.probeHost(), options.port()).await(() -> {
            if (watch.fatal().isPresent() || start.failure().isPresent()) {
                return true;
            }
            long sinceStarted = start.nanosSinceDone();
            long hostAt = hostStarted.get();
            long sinceHost = hostAt == 0 ? sinceStarted : System.nanoTime() - hostAt;
            return sinceStarted > options.readyTimeout().toNanos()
                    || (watch.sawError() && sinceHost > GRACE_AFTER_ERROR.toNanos());
        }, healthRegistered::get);
        if (!ready) {
            String reason = start.failure().orElseGet(watch::reasonForTimeout);
            launcherExits.set(true);
            // the one line that says why; the log has the details
            System.err.println("parley: start failed after " + (System.nanoTime() - startNanos) / 1_000_000_000 + " s: "
                    + reason + " (details in "
                    + home.log().resolve("parley.log") + ")");
            stopQuietly(framework, STOP_AFTER_FAILED_START);
            closeQuietly(log);
            return 1;
        }
        watch.stop();
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        String host = options.bindsEveryInterface() || options.bind().equals(LaunchOptions.DEFAULT_BIND) ? "localhost"
                : options.probeHost();
        System.out.println("Parley is ready at http://" + host + ":" + options.port() + "/ (home " + home.root()
                + ", API token in " + home.etc().resolve("admin.token")
                + (options.sandbox() ? ", sandbox at /sandbox/" : "") + ", started in " + millis + " ms)");
        start.awaitDone();
        System.out.println(start.summary(framework.getBundleContext(), (System.nanoTime() - startNanos) / 1_000_000));
        new IdleMemory().scheduleOn(logTicks); // once every plugin started: what boot left is garbage then
        framework.waitForStop(0);
        return 0;
    }

    private static boolean portIsFree(String bind, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bind, port));
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

    private static boolean stopQuietly(Framework framework, Duration timeout) {
        try {
            framework.stop();
            return framework.waitForStop(timeout.toMillis()).getType() == org.osgi.framework.FrameworkEvent.STOPPED;
        } catch (BundleException | InterruptedException e) {
            System.err.println("parley: clean shutdown failed: " + e.getMessage());
            return false;
        }
    }

    private static void closeQuietly(RollingLog log) {
        try {
            log.close();
        } catch (IOException e) {
            // nothing left to tell it to
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
