package dev.parley.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The real {@code java -jar parley.jar} in a child process, as an administrator runs it. */
public final class ParleyProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Path home;
    private final int port;

    private ParleyProcess(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    output.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "parley-output");
        pump.setDaemon(true);
        pump.start();
    }

    public static ParleyProcess start(Path home, int port, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", RuntimeLayout.launcherJar().toString(), "--home", home.toString(), "--port", String.valueOf(port)));
        command.addAll(List.of(extraArgs));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new ParleyProcess(process, home, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start parley.jar: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the "ready" line (the host answers) and for the line saying every plugin has had its
     * start, which follows it, so that a test finds its plugins up; returns the ready line.
     */
    public String awaitReady(Duration timeout) {
        return Await.until("parley.jar to print its ready and started lines (output so far: " + output + ")", timeout,
                () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("parley.jar exited with " + process.exitValue() + ": " + output);
                    }
                    if (output.stream().noneMatch(l -> l.startsWith("Parley started "))) {
                        return null;
                    }
                    return output.stream().filter(l -> l.startsWith("Parley is ready at")).findFirst().orElse(null);
                });
    }

    public ApiClient api() {
        return new ApiClient(port, ApiClient.adminToken(home));
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    public Path home() {
        return home;
    }

    public long pid() {
        return process.pid();
    }

    /** A thread dump of the running runtime (jcmd), saved beside its log; returns the file, for failure reports. */
    public Path threadDump() {
        Path file = home.resolve("log").resolve("threads-" + System.currentTimeMillis() + ".txt");
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).redirectOutput(file.toFile())
                    .start();
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return Path.of("no thread dump: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return file.toAbsolutePath();
    }

    /** SIGTERM, as the service manager or Ctrl-C would send; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("parley.jar did not stop within " + timeout + " after SIGTERM: " + output);
        }
        return process.exitValue();
    }

    /** SIGKILL: the crash case. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("parley.jar still runs after " + timeout + ": " + output);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
