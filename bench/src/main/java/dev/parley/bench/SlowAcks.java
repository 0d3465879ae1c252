package dev.parley.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When the slow acks happened: whether a p99 comes from a few stalls that hold every request in
 * flight (a collector pause, a blocked write) or from slowness spread over the run. Acks over
 * {@link #SLOW_NANOS} are grouped into bursts (no gap of {@link #GAP_NANOS} between their send
 * times); the optional log lists each slow ack with its scheduled send time (wall clock, for
 * lining up with a GC log written with {@code -Xlog:gc:file=...:time}).
 */
final class SlowAcks {

    static final long SLOW_NANOS = 20_000_000;
    static final long GAP_NANOS = 100_000_000;

    record Burst(long fromNanos, long toNanos, int slow, long worstNanos) {
    }

    private SlowAcks() {
    }

    /** Slow acks in send order, grouped into bursts. */
    static List<Burst> bursts(long[] dueNanos, long[] ackNanos) {
        Integer[] order = new Integer[dueNanos.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(dueNanos[a], dueNanos[b]));
        List<Burst> bursts = new ArrayList<>();
        Burst current = null;
        for (int i : order) {
            if (ackNanos[i] <= SLOW_NANOS) {
                continue;
            }
            if (current != null && dueNanos[i] - current.toNanos() <= GAP_NANOS) {
                current = new Burst(current.fromNanos(), dueNanos[i], current.slow() + 1,
                        Math.max(current.worstNanos(), ackNanos[i]));
                bursts.set(bursts.size() - 1, current);
            } else {
                current = new Burst(dueNanos[i], dueNanos[i], 1, ackNanos[i]);
                bursts.add(current);
            }
        }
        return bursts;
    }

    static void report(long startEpochMillis, long[] dueNanos, long[] ackNanos, Path log) throws IOException {
        List<Burst> bursts = bursts(dueNanos, ackNanos);
        int slow = bursts.stream().mapToInt(Burst::slow).sum();
        List<Burst> largest = bursts.stream().sorted((a, b) -> Integer.compare(b.slow(), a.slow())).limit(3).toList();
        StringBuilder top = new StringBuilder();
        for (Burst b : largest) {
            top.append(String.format(" %d acks over %.0f ms from %.2f s (worst %.0f ms);", b.slow(),
                    (b.toNanos() - b.fromNanos()) / 1e6, b.fromNanos() / 1e9, b.worstNanos() / 1e6));
        }
        System.out.printf("slow acks (> %d ms): %d in %d bursts%s%n", SLOW_NANOS / 1_000_000, slow, bursts.size(),
                bursts.isEmpty() ? "" : "; largest:" + top.substring(0, top.length() - 1));
        if (log != null) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                out.println("# scheduled send (UTC), ack latency ms");
                for (int i = 0; i < ackNanos.length; i++) {
                    if (ackNanos[i] > SLOW_NANOS) {
                        out.printf("%s %.1f%n", Instant.ofEpochMilli(startEpochMillis + dueNanos[i] / 1_000_000),
                                ackNanos[i] / 1e6);
                    }
                }
            }
        }
    }
}
