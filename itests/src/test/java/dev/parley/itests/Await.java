package dev.parley.itests;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition by polling, never by sleeping a fixed time; fails with what it waited for. */
public final class Await {

    private Await() {
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what, last);
    }

    public static void condition(String what, Duration timeout, Supplier<Boolean> probe) {
        until(what, timeout, probe);
    }
}
