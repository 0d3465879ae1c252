package dev.parley.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JVM options Parley recommends under load, and a one-line hint at start when they are missing.
 * <ul>
 * <li>{@link #PRIORITIES}: ticket processing (social workers, escalation, SLA clocks) runs at the
 * lowest Java thread priority, so that on busy cores the request threads answering webhooks go first
 * and the durable inbox absorbs the difference. Linux ignores Java thread priorities without these
 * options, which map the lowest priority to nice 10 (lowering needs no privilege) and keep the JIT
 * compiler threads at nice 0 (as root the JVM would otherwise raise them above the request threads).</li>
 * <li>{@link #COLLECTOR}: with G1, the slow webhook answers were G1's young pauses (35-75 ms every ~2 s
 * at 2,000 webhooks/s on two cores); ZGC's pauses stay under a millisecond (docs/BENCHMARKS.md).
 * A collector chosen explicitly is respected.</li>
 * </ul>
 */
final class LoadOptions {

    static final String PRIORITIES =
            "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10 -XX:CompilerThreadPriority=0";
    static final String COLLECTOR = "-XX:+UseZGC";
    private static final Set<String> COLLECTORS = Set.of("-XX:+UseSerialGC", "-XX:+UseParallelGC", "-XX:+UseG1GC",
            "-XX:+UseZGC", "-XX:+UseShenandoahGC", "-XX:+UseEpsilonGC");

    private LoadOptions() {
    }

    /** A one-line hint naming the recommended options this JVM was started without, else empty. */
    static Optional<String> advice(String osName, List<String> jvmArguments) {
        List<String> missing = new ArrayList<>();
        if (osName.startsWith("Linux") && !jvmArguments.contains("-XX:ThreadPriorityPolicy=1")) {
            missing.add(PRIORITIES);
        }
        if (jvmArguments.stream().noneMatch(COLLECTORS::contains)) {
            missing.add(COLLECTOR);
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("parley: for fast webhook answers under load, start Java with " + String.join(" ", missing)
                + " (see the README)");
    }
}
