package dev.parley.helpdesk.core.internal.edge;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests in progress per client address and refuses one above the cap. The map only
 * holds addresses with a request in progress, so a scan from many addresses leaves nothing behind.
 */
final class AddressLimiter {

    /** One admitted request; {@link #release()} is idempotent so every exit path may call it. */
    interface Permit {
        void release();
    }

    static final Permit UNLIMITED = () -> { };

    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    AddressLimiter(int max) {
        this.max = max;
    }

    /** A permit, or null when the address already has {@code max} requests in progress. */
    Permit acquire(String address) {
        boolean[] admitted = {false};
        inProgress.compute(address, (key, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < max) {
                current.incrementAndGet();
                admitted[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        if (!admitted[0]) {
            return null;
        }
        return new Permit() {
            private boolean released;

            @Override
            public synchronized void release() {
                if (!released) {
                    released = true;
                    inProgress.computeIfPresent(address, (key, count) -> count.decrementAndGet() == 0 ? null : count);
                }
            }
        };
    }

    int inProgress(String address) {
        AtomicInteger count = inProgress.get(address);
        return count == null ? 0 : count.get();
    }
}
