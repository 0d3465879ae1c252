package dev.parley.social.connector.internal.account;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The outbound side of an account's health: messages sent and refused, and whether the platform
 * keeps rejecting the account's credentials (DEGRADED), so an expired token shows at once instead
 * of as replies that look queued forever. A successful send clears DEGRADED.
 */
public final class SendHealth {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong authFailuresInRow = new AtomicLong();
    private final AtomicReference<AccountHealth.Failure> degraded = new AtomicReference<>();
    private final AtomicReference<AccountHealth.Failure> lastFailure = new AtomicReference<>();
    private final AtomicReference<Instant> lastSentAt = new AtomicReference<>();

    public void sent(Instant at) {
        sent.incrementAndGet();
        lastSentAt.set(at);
        authFailuresInRow.set(0);
        degraded.set(null);
    }

    public void failed(Instant at, String reason) {
        failed.incrementAndGet();
        lastFailure.set(new AccountHealth.Failure(at, reason));
    }

    public void retried(Instant at, String reason) {
        retried.incrementAndGet();
        lastFailure.set(new AccountHealth.Failure(at, reason));
    }

    /** Records a credentials refusal; true when this one makes the account DEGRADED. */
    public boolean authFailed(Instant at, String reason, int threshold) {
        lastFailure.set(new AccountHealth.Failure(at, reason));
        long inRow = authFailuresInRow.incrementAndGet();
        return inRow >= threshold && degraded.compareAndSet(null, new AccountHealth.Failure(at, reason));
    }

    public long sentCount() {
        return sent.get();
    }

    public long failedCount() {
        return failed.get();
    }

    public long retriedCount() {
        return retried.get();
    }

    public Optional<AccountHealth.Failure> degraded() {
        return Optional.ofNullable(degraded.get());
    }

    public Optional<AccountHealth.Failure> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    public Optional<Instant> lastSentAt() {
        return Optional.ofNullable(lastSentAt.get());
    }
}
