package dev.parley.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * {@code log/parley.log}: rolls by size while it is written (not only at start, so a flood cannot
 * fill the disk) and writes one line repeated more than {@link LogLimits#repeatsPerSecond()} times
 * in a second only that often, then one "repeated K more times" line for the rest.
 */
final class RollingLog implements Closeable {

    /** slf4j-simple's timestamp prefix: two lines differing only there are the same line. */
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d)\\s+");
    private static final int SUMMARY_TEXT_CHARS = 200;

    private final Path file;
    private final LogLimits limits;
    private final LongSupplier clockMillis;
    private OutputStream out;
    private long size;
    private long second = Long.MIN_VALUE;
    private final Map<String, Integer> seenThisSecond = new LinkedHashMap<>();
    private final Map<String, Integer> suppressed = new LinkedHashMap<>();

    RollingLog(Path file, LogLimits limits, LongSupplier clockMillis) throws IOException {
        this.file = file;
        this.limits = limits;
        this.clockMillis = clockMillis;
        open();
    }

    /** Writes one line (without its terminator), unless it is a repeat over the limit. */
    synchronized void line(String line) throws IOException {
        advanceClock();
        String key = TIMESTAMP.matcher(line).replaceFirst("");
        int count = seenThisSecond.merge(key, 1, Integer::sum);
        if (count > limits.repeatsPerSecond()) {
            suppressed.merge(key, 1, Integer::sum);
            return;
        }
        write(line);
    }

    /** Writes the summaries of a second that has ended; called every second, so a flood that stops is still reported. */
    synchronized void tick() throws IOException {
        advanceClock();
        flush();
    }

    synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        summarize();
        out.close();
    }

    private void advanceClock() throws IOException {
        long now = clockMillis.getAsLong() / 1000;
        if (now != second) {
            summarize();
            seenThisSecond.clear();
            second = now;
        }
    }

    private void summarize() throws IOException {
        for (Map.Entry<String, Integer> e : suppressed.entrySet()) {
            String text = e.getKey().length() > SUMMARY_TEXT_CHARS ? e.getKey().substring(0, SUMMARY_TEXT_CHARS) + "..." : e.getKey();
            write("... repeated " + e.getValue() + " more times within a second: " + text);
        }
        suppressed.clear();
    }

    private void write(String line) throws IOException {
        byte[] bytes = (line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        if (size > 0 && size + bytes.length > limits.maxBytes()) {
            roll();
        }
        out.write(bytes);
        size += bytes.length;
    }

    private void roll() throws IOException {
        out.close();
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        Files.deleteIfExists(dir.resolve(name + "." + limits.files()));
        for (int i = limits.files() - 1; i >= 1; i--) {
            Path older = dir.resolve(name + "." + i);
            if (Files.exists(older)) {
                Files.move(older, dir.resolve(name + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, dir.resolve(name + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private void open() throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        HomePermissions.ownerOnly(file);
        out = Files.newOutputStream(file, StandardOpenOption.APPEND);
        size = Files.size(file);
    }
}
