package dev.parley.social.sandbox.internal.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's notion of now: the real time plus an offset a test can advance, so it can step
 * past Meta's 24-hour and 7-day windows without waiting for them.
 */
public final class SandboxClock extends Clock {

    /** How far ahead the sandbox can run: ten years is past every platform window, and far from Instant's overflow. */
    public static final Duration MAX_OFFSET = Duration.ofDays(3650);

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public SandboxClock(Clock base) {
        this.base = base;
    }

    public Duration advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only moves forward");
        }
        if (by.compareTo(MAX_OFFSET) > 0) {
            throw new IllegalArgumentException("the sandbox clock moves at most " + MAX_OFFSET.toSeconds() + " s ahead");
        }
        return offset.updateAndGet(current -> {
            Duration next = current.plus(by);
            if (next.compareTo(MAX_OFFSET) > 0) {
                throw new IllegalArgumentException("the sandbox clock moves at most " + MAX_OFFSET.toSeconds()
                        + " s ahead in all; it is " + current.toSeconds() + " s ahead now (DELETE to go back)");
            }
            return next;
        });
    }

    public Duration offset() {
        return offset.get();
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the sandbox runs on UTC");
    }
}
