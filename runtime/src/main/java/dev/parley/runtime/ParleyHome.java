package dev.parley.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The folder an installation lives in: {@code etc/} (configuration, watched), {@code deploy/}
 * (plugin jars, watched), {@code data/} (database, ConfigAdmin state), {@code log/} and
 * {@code cache/} (the framework's bundle cache, disposable).
 */
final class ParleyHome {

    static final long LOG_ROLL_BYTES = 20L * 1024 * 1024;

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

    /** Creates the folders and copies the shipped default configuration files that are not there yet. */
    void prepare(List<String> defaultEtcFiles) throws IOException {
        for (Path dir : List.of(etc(), deploy(), data(), log(), cache())) {
            Files.createDirectories(dir);
        }
        for (String name : defaultEtcFiles) {
            Path target = etc().resolve(name);
            if (Files.exists(target)) {
                continue;
            }
            try (InputStream in = ParleyHome.class.getResourceAsStream("/defaults/etc/" + name)) {
                if (in != null) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Sends everything written to stdout and stderr to {@code log/parley.log} as well. */
    void teeConsoleToLog() throws IOException {
        Path file = log().resolve("parley.log");
        if (Files.exists(file) && Files.size(file) > LOG_ROLL_BYTES) {
            Files.move(file, log().resolve("parley.log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        OutputStream logFile = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.setOut(new PrintStream(new Tee(System.out, logFile), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(System.err, logFile), true, StandardCharsets.UTF_8));
    }

    /** Writes to the console and the log file; the file is shared by both streams. */
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
            synchronized (file) {
                file.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            synchronized (file) {
                file.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            synchronized (file) {
                file.flush();
            }
        }
    }
}
