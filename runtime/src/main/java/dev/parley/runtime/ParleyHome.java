package dev.parley.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * The folder an installation lives in: {@code etc/} (configuration, watched), {@code deploy/}
 * (plugin jars, watched), {@code data/} (database, ConfigAdmin state), {@code log/} and
 * {@code cache/} (the framework's bundle cache, disposable).
 */
final class ParleyHome {

    private final Path root;

    ParleyHome(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path etc() {
        return root.resolve("etc");
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    Path data() {
        return root.resolve("data");
    }

    Path log() {
        return root.resolve("log");
    }

    Path cache() {
        return root.resolve("cache");
    }

    /**
     * Configuration the launcher itself gives the bundles through FileInstall (rewritten at every
     * start, so it lives in the disposable cache): today only {@code org.apache.felix.http.cfg},
     * whose arrival starts Jetty on ConfigAdmin's thread, in parallel with the bundles that open the
     * store (see {@link FrameworkSettings}).
     */
    Path launcherEtc() {
        return cache().resolve("launcher-etc");
    }

    /**
     * Creates the folders (etc/, data/ and log/ owner-only, tightened if an older install left them
     * open) and copies the shipped default configuration files that are not there yet.
     */
    void prepare(List<String> defaultEtcFiles) throws IOException {
        for (Path dir : List.of(etc(), deploy(), data(), log(), cache())) {
            Files.createDirectories(dir);
        }
        for (Path secret : List.of(etc(), data(), log())) {
            HomePermissions.ownerOnlyTree(secret);
        }
        writeIfChanged(launcherEtc().resolve("org.apache.felix.http.cfg"),
                "# written by parley.jar at every start: its arrival starts the HTTP server (port and address come\n"
                        + "# from --port and --bind); edits here are lost\norg.apache.felix.http.enable=true\n");
        for (String name : defaultEtcFiles) {
            Path target = etc().resolve(name);
            if (Files.exists(target)) {
                continue;
            }
            try (InputStream in = ParleyHome.class.getResourceAsStream("/defaults/etc/" + name)) {
                if (in != null) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    HomePermissions.ownerOnly(target);
                }
            }
        }
    }

    /** Rewrites only a changed file: FileInstall takes a new modification time for a new configuration. */
    private static void writeIfChanged(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends everything written to stdout and stderr to {@code log/parley.log} as well, line by line
     * through {@link RollingLog}, and shows each line to {@code observer} (the boot watch).
     */
    RollingLog teeConsoleToLog(LogLimits limits, Consumer<String> observer) throws IOException {
        RollingLog file = new RollingLog(log().resolve("parley.log"), limits, System::currentTimeMillis);
        Consumer<String> sink = line -> {
            observer.accept(line);
            try {
                file.line(line);
            } catch (IOException e) {
                // the console still has it; a full disk must not stop Parley
            }
        };
        System.setOut(new PrintStream(new Tee(System.out, new LineSplitter(sink)), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(System.err, new LineSplitter(sink)), true, StandardCharsets.UTF_8));
        return file;
    }

    /** Cuts a byte stream into UTF-8 lines; a line longer than 64 KiB is cut there. */
    private static final class LineSplitter extends OutputStream {
        private static final int MAX_LINE = 64 * 1024;
        private final Consumer<String> lines;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                current.write(b);
                if (current.size() >= MAX_LINE) {
                    emit();
                }
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void emit() {
            String line = current.toString(StandardCharsets.UTF_8);
            current.reset();
            lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
    }

    /** Writes to the console and to the log's line splitter. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream file;

        Tee(OutputStream console, OutputStream file) {
            this.console = console;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            file.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            file.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            console.flush();
        }
    }
}
