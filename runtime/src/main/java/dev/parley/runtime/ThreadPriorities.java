package dev.parley.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Parley runs ticket processing (the social workers, escalation, SLA clocks) at the lowest Java
 * thread priority, so that on busy cores the request threads answering webhooks go first and the
 * durable inbox absorbs the difference. On Linux the JVM ignores Java thread priorities unless it
 * is started with {@link #JVM_OPTIONS}, which map the lowest priority to nice 10 (lowering a
 * thread's priority needs no privilege) and keep the JIT compiler threads at nice 0 when run as
 * root (the JVM would otherwise raise them above the request threads).
 */
final class ThreadPriorities {

    static final String JVM_OPTIONS =
            "-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10 -XX:CompilerThreadPriority=0";

    private ThreadPriorities() {
    }

    /** A one-line hint when thread priorities will have no effect in this JVM, else empty. */
    static Optional<String> advice(String osName, List<String> jvmArguments) {
        if (!osName.startsWith("Linux") || jvmArguments.contains("-XX:ThreadPriorityPolicy=1")) {
            return Optional.empty();
        }
        return Optional.of("parley: ticket processing shares the CPU evenly with webhook answers in this JVM; "
                + "start Java with " + JVM_OPTIONS + " for faster webhook answers under load (see the README)");
    }
}
